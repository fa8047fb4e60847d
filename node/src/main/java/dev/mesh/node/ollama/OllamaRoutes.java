package dev.mesh.node.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.compat.JsonBody;
import dev.mesh.node.cancel.Canceller;
import dev.mesh.node.cancel.ClientWatch;
import dev.mesh.node.compat.MeshHeaders;
import dev.mesh.node.compat.RequestPriority;
import dev.mesh.node.compat.WaitedTask;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ollama API on every node, for agents that already speak it: {@code /api/chat} and {@code /api/generate}
 * (NDJSON streams, or {@code stream: false}), {@code /api/embed} and the older {@code /api/embeddings},
 * {@code /api/tags}, {@code /api/ps}, {@code /api/show}, {@code /api/version}. Requests become mesh tasks routed
 * like any other; {@code X-Mesh-Node} and {@code X-Mesh-Task} say where and which.
 */
public final class OllamaRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OllamaRoutes.class);

  private final TaskIntake intake;
  private final TaskStore store;
  private final Supplier<List<NodeAdvert>> live;
  private final long maxWaitMs;
  private final Clock clock;
  private final Canceller canceller;

  /**
   * @param live every live node's advert, this node's included
   * @param canceller cancels the tasks of a client that goes away before its answer
   */
  public OllamaRoutes(TaskIntake intake, TaskStore store, Supplier<List<NodeAdvert>> live, int maxWaitSeconds,
      Clock clock, Canceller canceller) {
    this.canceller = canceller;
    this.intake = intake;
    this.store = store;
    this.live = live;
    this.maxWaitMs = maxWaitSeconds * 1000L;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.post("/api/chat").handler(ctx -> complete(ctx, true));
    router.post("/api/generate").handler(ctx -> complete(ctx, false));
    router.post("/api/embed").handler(this::embed);
    router.post("/api/embeddings").handler(this::embeddings);
    router.get("/api/tags").handler(ctx -> json(ctx, OllamaReplies.models(live.get(), false)));
    router.get("/api/ps").handler(ctx -> json(ctx, OllamaReplies.models(live.get(), true)));
    router.post("/api/show").handler(this::show);
    router.get("/api/version").handler(ctx -> json(ctx, OllamaReplies.version()));
  }

  private void complete(RoutingContext ctx, boolean chat) {
    OllamaRequests.Parsed parsed;
    try {
      JsonNode body = JsonBody.of(ctx);
      parsed = (chat ? OllamaRequests.chat(body) : OllamaRequests.generate(body))
          .withPriority(RequestPriority.of(ctx.request()));
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    if (parsed.loadOnly()) {
      json(ctx, OllamaReplies.loaded(parsed.model(), clock.instant()));
      return;
    }
    if (parsed.stream()) {
      new OllamaStream(ctx, intake, store, parsed, chat, maxWaitMs, clock, watch(ctx, " (stream)")).start();
      return;
    }
    ClientWatch watch = watch(ctx, "");
    ctx.response().closeHandler(v -> watch.closed());
    intake.submit(parsed.task())
        .onSuccess(accepted -> watch.accepted(accepted.id()))
        .compose(accepted -> store.awaitEnd(accepted, maxWaitMs))
        .onSuccess(done -> {
          if (succeeded(ctx, done)) {
            MeshHeaders.put(ctx.response(), List.of(done));
            json(ctx, OllamaReplies.done(done, parsed.model(), clock.instant(), chat, done.result().output()));
          }
        })
        .onFailure(e -> fail(ctx, e));
  }

  private void embed(RoutingContext ctx) {
    List<TaskRequest> requests;
    String model;
    try {
      JsonNode body = JsonBody.of(ctx);
      Priority priority = RequestPriority.of(ctx.request());
      requests = OllamaRequests.embed(body).stream().map(r -> r.withPriority(priority)).toList();
      model = OllamaRequests.text(body, "model");
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    runAll(ctx, requests).onSuccess(done -> {
      if (done != null) {
        json(ctx, OllamaReplies.embed(done, model == null ? done.get(0).result().model() : model));
      }
    });
  }

  private void embeddings(RoutingContext ctx) {
    TaskRequest request;
    try {
      request = OllamaRequests.embeddings(JsonBody.of(ctx)).withPriority(RequestPriority.of(ctx.request()));
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    runAll(ctx, List.of(request)).onSuccess(done -> {
      if (done != null) {
        json(ctx, OllamaReplies.embeddings(done.get(0)));
      }
    });
  }

  /** Runs every request as its own task; the records in order, or null once an error was answered. */
  private Future<List<TaskRecord>> runAll(RoutingContext ctx, List<TaskRequest> requests) {
    ClientWatch watch = watch(ctx, "");
    ctx.response().closeHandler(v -> watch.closed());
    List<Future<TaskRecord>> tasks = requests.stream()
        .map(r -> intake.submit(r).onSuccess(accepted -> watch.accepted(accepted.id()))
            .compose(accepted -> store.awaitEnd(accepted, maxWaitMs))).toList();
    return Future.all(tasks).map(all -> {
      List<TaskRecord> done = tasks.stream().map(Future::result).toList();
      for (TaskRecord r : done) {
        if (!succeeded(ctx, r)) {
          return (List<TaskRecord>) null;
        }
      }
      MeshHeaders.put(ctx.response(), done);
      return done;
    }).onFailure(e -> fail(ctx, e));
  }

  private void show(RoutingContext ctx) {
    String name;
    try {
      JsonNode body = JsonBody.of(ctx);
      name = Optional.ofNullable(OllamaRequests.text(body, "model")).orElse(OllamaRequests.text(body, "name"));
      if (name == null) {
        throw Rejection.of(ErrorCodes.MISSING_FIELD, "model is required", "model");
      }
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    Optional<ModelInfo> model = live.get().stream().filter(a -> a.models() != null)
        .flatMap(a -> a.models().stream()).filter(m -> m.answersTo(name)).findFirst();
    if (model.isEmpty()) {
      send(ctx, ApiError.of(ErrorCodes.NOT_FOUND, "model '" + name + "' not found", "model"));
      return;
    }
    json(ctx, OllamaReplies.show(model.get()));
  }

  /** The tasks of this request, cancelled if its client goes away before the answer: nobody could receive it. */
  private ClientWatch watch(RoutingContext ctx, String how) {
    return new ClientWatch(ctx.response(), canceller, ctx.request().method() + " " + ctx.request().path() + how);
  }

  static boolean succeeded(RoutingContext ctx, TaskRecord done) {
    if (done.state() == TaskState.SUCCEEDED) {
      return true;
    }
    send(ctx, WaitedTask.error(done));
    return false;
  }

  static void fail(RoutingContext ctx, Throwable failure) {
    ApiError e = JsonBody.refusal(failure);
    if (e == null) {
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      e = ApiError.of(ErrorCodes.INTERNAL, "internal error: " + failure);
    }
    send(ctx, e);
  }

  static void send(RoutingContext ctx, ApiError error) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    try {
      ctx.response().setStatusCode(ErrorCodes.httpStatus(error.code())).putHeader("content-type", "application/json")
          .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(OllamaReplies.error(error))));
    } catch (Exception encoding) {
      ctx.response().setStatusCode(500).end("{\"error\":\"cannot encode error\",\"code\":\"internal\"}");
    }
  }

  private static void json(RoutingContext ctx, ObjectNode body) {
    try {
      ctx.response().putHeader("content-type", "application/json")
          .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(body)));
    } catch (Exception e) {
      fail(ctx, e);
    }
  }
}
