package dev.mesh.node.ollama;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.compat.WaitedTask;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.events.NdjsonWriter;
import dev.mesh.node.events.TokenFollower;
import dev.mesh.node.compat.JsonBody;
import dev.mesh.node.cancel.ClientWatch;
import dev.mesh.node.compat.MeshHeaders;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.time.Clock;

/**
 * One streamed chat or generate, Ollama's way: follows the task's text before submitting it (so none is missed),
 * writes each piece as an NDJSON line, then the last line ({@code done: true}, with any text the stream missed
 * and the counts). Headers wait for the first piece so {@code X-Mesh-Node} names the node that makes the text.
 * A failure before anything was sent is a plain error; after, an {@code {"error": ...}} line.
 */
final class OllamaStream {
  private final RoutingContext ctx;
  private final TaskIntake intake;
  private final TaskStore store;
  private final OllamaRequests.Parsed parsed;
  private final boolean chat;
  private final long maxWaitMs;
  private final Clock clock;
  private final NdjsonWriter out;
  private final String id;
  private final ClientWatch watch;
  private TokenFollower follower;
  private boolean finished;

  OllamaStream(RoutingContext ctx, TaskIntake intake, TaskStore store, OllamaRequests.Parsed parsed, boolean chat,
      long maxWaitMs, Clock clock, ClientWatch watch) {
    this.watch = watch;
    this.ctx = ctx;
    this.intake = intake;
    this.store = store;
    this.parsed = parsed;
    this.chat = chat;
    this.maxWaitMs = maxWaitMs;
    this.clock = clock;
    this.out = new NdjsonWriter(ctx.response());
    this.id = TaskIds.next(clock.instant());
  }

  void start() {
    follower = TokenFollower.follow(ctx.vertx(), id, this::onText);
    // a client gone mid-stream cancels its task (told before stop() ends the response, which would say "answered")
    ctx.response().closeHandler(v -> {
      watch.closed();
      stop();
    });
    follower.ready()
        .recover(notPropagated -> Future.succeededFuture()) // the result still carries all the text
        .compose(ready -> intake.submit(parsed.task(), id))
        .onSuccess(accepted -> watch.accepted(accepted.id()))
        .compose(accepted -> store.awaitEnd(accepted, maxWaitMs))
        .onSuccess(this::finish)
        .onFailure(this::failed);
  }

  private void onText(String node, String text) {
    if (finished) {
      return;
    }
    if (!out.started()) {
      MeshHeaders.put(ctx.response(), node, id, store.get(id).flatMap(TaskRecord::degradation).orElse(null));
    }
    line(OllamaReplies.piece(parsed.model(), clock.instant(), chat, text));
  }

  private void finish(TaskRecord done) {
    if (done.state() != TaskState.SUCCEEDED) {
      error(WaitedTask.error(done));
      return;
    }
    finished = true;
    if (!out.started()) {
      MeshHeaders.put(ctx.response(), List.of(done));
    }
    line(OllamaReplies.done(done, parsed.model(), clock.instant(), chat, follower.rest(done.result().output())));
    stop();
  }

  private void failed(Throwable failure) {
    ApiError e = JsonBody.refusal(failure);
    if (e == null || !out.started()) {
      stop();
      OllamaRoutes.fail(ctx, failure);
      return;
    }
    error(e);
  }

  private void error(ApiError error) {
    finished = true;
    if (!out.started()) {
      stop();
      OllamaRoutes.send(ctx, error);
      return;
    }
    try {
      out.send(MeshJson.mapper().writeValueAsString(OllamaReplies.error(error)));
    } catch (Exception ignored) {
      // the stream ends below either way
    }
    stop();
  }

  private void line(ObjectNode body) {
    try {
      out.send(MeshJson.mapper().writeValueAsString(body));
    } catch (Exception e) {
      stop();
    }
  }

  private void stop() {
    finished = true;
    if (follower != null) {
      follower.stop();
    }
    if (out.started()) {
      out.end();
    }
  }
}
