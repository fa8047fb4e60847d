package dev.mesh.node.openai;

import dev.mesh.node.cancel.ClientWatch;
import dev.mesh.node.compat.MeshHeaders;
import dev.mesh.node.compat.FinishReason;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.compat.WaitedTask;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.events.SseWriter;
import dev.mesh.node.events.TokenFollower;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.time.Clock;

/**
 * One {@code stream: true} completion: follows the task's text before the task is submitted (so none is
 * missed), sends each piece as an OpenAI chunk, then the finish chunk (with any text the stream missed), the
 * usage chunk if asked, and {@code data: [DONE]}. Headers wait for the first piece, so {@code X-Mesh-Node}
 * can name the node that makes the text. A failure before anything was sent is a plain JSON error.
 */
final class CompletionStream {
  private final RoutingContext ctx;
  private final TaskIntake intake;
  private final TaskStore store;
  private final OpenAiRequests.Parsed parsed;
  private final boolean chat;
  private final long maxWaitMs;
  private final SseWriter sse;
  private final String model;
  private final long created;
  private final String id;
  private final ClientWatch watch;
  private TokenFollower follower;
  private boolean first = true;
  private boolean finished;

  CompletionStream(RoutingContext ctx, TaskIntake intake, TaskStore store, OpenAiRequests.Parsed parsed, boolean chat,
      long maxWaitMs, Clock clock, ClientWatch watch) {
    this.watch = watch;
    this.ctx = ctx;
    this.intake = intake;
    this.store = store;
    this.parsed = parsed;
    this.chat = chat;
    this.maxWaitMs = maxWaitMs;
    this.sse = new SseWriter(ctx.vertx(), ctx.response());
    this.model = parsed.task().model() == null ? "mesh" : parsed.task().model();
    this.created = clock.instant().getEpochSecond();
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
        .recover(notPropagated -> io.vertx.core.Future.succeededFuture()) // the result still carries all the text
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
    if (!sse.started()) {
      MeshHeaders.put(ctx.response(), node, id, store.get(id).flatMap(TaskRecord::degradation).orElse(null));
    }
    chunk(OpenAiReplies.chunk(id, created, model, chat, text, null, first));
    first = false;
  }

  private void finish(TaskRecord done) {
    if (done.state() != TaskState.SUCCEEDED) {
      error(WaitedTask.error(done));
      return;
    }
    finished = true;
    if (!sse.started()) {
      MeshHeaders.put(ctx.response(), List.of(done));
    }
    String rest = follower.rest(done.result().output());
    if (!rest.isEmpty() || first) {
      chunk(OpenAiReplies.chunk(done.id(), created, model, chat, rest, null, first));
    }
    chunk(OpenAiReplies.chunk(done.id(), created, model, chat, null, FinishReason.of(done), false));
    if (parsed.includeUsage()) {
      chunk(OpenAiReplies.usageChunk(done, chat));
    }
    sse.send(null, "[DONE]");
    stop();
  }

  private void failed(Throwable failure) {
    ApiError e = OpenAiErrors.of(failure);
    if (e == null || !sse.started()) {
      stop();
      OpenAiRoutes.fail(ctx, failure);
      return;
    }
    error(e);
  }

  /** Before anything was streamed: an ordinary error response; after: an error event, then the end. */
  private void error(ApiError error) {
    finished = true;
    if (!sse.started()) {
      stop();
      OpenAiRoutes.send(ctx, error);
      return;
    }
    try {
      sse.send(null, MeshJson.mapper().writeValueAsString(OpenAiErrors.body(OpenAiErrors.translate(error))));
    } catch (Exception ignored) {
      // the stream ends below either way
    }
    stop();
  }

  private void chunk(ObjectNode body) {
    try {
      sse.send(null, MeshJson.mapper().writeValueAsString(body));
    } catch (Exception e) {
      stop();
    }
  }

  private void stop() {
    finished = true;
    if (follower != null) {
      follower.stop();
    }
    if (sse.started()) {
      sse.end();
    }
  }
}
