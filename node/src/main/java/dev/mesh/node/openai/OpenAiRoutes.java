package dev.mesh.node.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.cancel.Canceller;
import dev.mesh.node.cancel.ClientWatch;
import dev.mesh.node.compat.MeshHeaders;
import dev.mesh.node.compat.RequestPriority;
import dev.mesh.node.compat.WaitedTask;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.store.TaskStore;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible API: {@code POST /v1/chat/completions} (and {@code stream: true}), {@code POST
 * /v1/completions}, {@code POST /v1/embeddings}, {@code GET /v1/models}. Each request becomes mesh tasks, routed
 * like any other; {@code X-Mesh-Node} says which node served it and {@code X-Mesh-Task} which task it was.
 */
public final class OpenAiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiRoutes.class);

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
  public OpenAiRoutes(TaskIntake intake, TaskStore store, Supplier<List<NodeAdvert>> live, int maxWaitSeconds,
      Clock clock, Canceller canceller) {
    this.canceller = canceller;
    this.intake = intake;
    this.store = store;
    this.live = live;
    this.maxWaitMs = maxWaitSeconds * 1000L;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.post("/v1/chat/completions").handler(ctx -> complete(ctx, true));
    router.post("/v1/completions").handler(ctx -> complete(ctx, false));
    router.post("/v1/embeddings").handler(this::embeddings);
    router.get("/v1/models").handler(ctx -> json(ctx, OpenAiReplies.models(live.get(), clock.instant().getEpochSecond())));
  }

  private void complete(RoutingContext ctx, boolean chat) {
    OpenAiRequests.Parsed parsed;
    try {
      JsonNode body = OpenAiRequests.body(bytes(ctx));
      parsed = (chat ? OpenAiRequests.chat(body) : OpenAiRequests.completion(body))
          .withPriority(RequestPriority.of(ctx.request()));
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    if (parsed.stream()) {
      new CompletionStream(ctx, intake, store, parsed, chat, maxWaitMs, clock, watch(ctx, " (stream)")).start();
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
            json(ctx, OpenAiReplies.completion(done, chat));
          }
        })
        .onFailure(e -> fail(ctx, e));
  }

  /** Every input is its own task, so a long list spreads over the mesh; the answer keeps the input order. */
  private void embeddings(RoutingContext ctx) {
    JsonNode body;
    List<TaskRequest> requests;
    try {
      body = OpenAiRequests.body(bytes(ctx));
      Priority priority = RequestPriority.of(ctx.request());
      requests = OpenAiRequests.embeddings(body).stream().map(r -> r.withPriority(priority)).toList();
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    ClientWatch watch = watch(ctx, "");
    ctx.response().closeHandler(v -> watch.closed());
    List<Future<TaskRecord>> tasks = requests.stream()
        .map(r -> intake.submit(r).onSuccess(accepted -> watch.accepted(accepted.id()))
            .compose(accepted -> store.awaitEnd(accepted, maxWaitMs))).toList();
    Future.all(tasks).onSuccess(all -> {
      List<TaskRecord> done = tasks.stream().map(Future::result).toList();
      for (TaskRecord r : done) {
        if (!succeeded(ctx, r)) {
          return;
        }
      }
      MeshHeaders.put(ctx.response(), done);
      json(ctx, OpenAiReplies.embeddings(done, OpenAiRequests.base64(body)));
    }).onFailure(e -> fail(ctx, e));
  }

  /** True for a task that succeeded; otherwise answers with its error (or a timeout naming it) and false. */
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
    ApiError e = OpenAiErrors.of(failure);
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
    ApiError e = OpenAiErrors.translate(error);
    try {
      ctx.response().setStatusCode(ErrorCodes.httpStatus(e.code())).putHeader("content-type", "application/json")
          .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(OpenAiErrors.body(e))));
    } catch (Exception encoding) {
      ctx.response().setStatusCode(500).end("{\"error\":{\"code\":\"internal\",\"message\":\"cannot encode error\"}}");
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

  private static byte[] bytes(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }
}
