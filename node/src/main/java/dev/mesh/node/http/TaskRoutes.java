package dev.mesh.node.http;

import dev.mesh.node.cancel.CancelOutcome;
import dev.mesh.node.cancel.Canceller;
import dev.mesh.node.cancel.ClientWatch;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.events.TaskEventsRoute;
import dev.mesh.node.jobs.TaskCallbacks;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/tasks} (202, the result with {@code ?wait=SECONDS}, or with {@code ?stream=true} the task's event
 * stream, which is the submission's own: its client going away cancels the task), {@code GET /v1/tasks/{id}} and
 * {@code DELETE /v1/tasks/{id}} (cancel: 200 with the cancelled record, 409 {@code task_ended} if it had ended).
 */
final class TaskRoutes {
  private final TaskIntake intake;
  private final TaskStore store;
  private final int maxWaitSeconds;
  private final TaskCallbacks callbacks;
  private final Canceller canceller;
  private final TaskEventsRoute events;

  TaskRoutes(TaskIntake intake, TaskStore store, int maxWaitSeconds, TaskCallbacks callbacks, Canceller canceller,
      TaskEventsRoute events) {
    this.intake = intake;
    this.events = events;
    this.canceller = canceller;
    this.callbacks = callbacks;
    this.store = store;
    this.maxWaitSeconds = maxWaitSeconds;
  }

  void mount(Router router) {
    router.post("/v1/tasks").handler(this::submit);
    router.get("/v1/tasks/:id").handler(this::get);
    router.delete("/v1/tasks/:id").handler(this::cancel);
  }

  private void submit(RoutingContext ctx) {
    long waitMs;
    TaskRequest request;
    String callback;
    try {
      waitMs = waitMillis(ctx);
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      request = TaskCodec.decodeRequest(body);
      callback = callbacks.urlIn(MeshJson.mapper().readTree(body)); // parses: decodeRequest took it already
    } catch (RuntimeException | java.io.IOException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    if ("true".equals(ctx.queryParams().get("stream"))) {
      if (request.idempotencyKey() != null) {
        // the key may name an earlier task, whose stream is not this submission's own to cancel
        HttpErrors.fail(ctx, Rejection.of(ErrorCodes.INVALID_FIELD, "stream=true starts and follows a new task; with an"
            + " idempotencyKey submit without it and follow GET /v1/tasks/{id}/events", "stream"));
        return;
      }
      ClientWatch watch = new ClientWatch(ctx.response(), canceller, "POST /v1/tasks?stream=true");
      events.submitted(ctx, TaskIds.next(java.time.Instant.now()), id -> intake.submit(request, id)
          .compose(record -> withCallback(ctx, record, callback))
          .onSuccess(record -> ctx.response().putHeader("location", "/v1/tasks/" + record.id())), watch);
      return;
    }
    intake.submit(request)
        .compose(record -> withCallback(ctx, record, callback))
        .compose(record -> waitMs > 0 ? store.awaitEnd(record, waitMs) : Future.succeededFuture(record))
        .onSuccess(record -> reply(ctx, record.state().terminal() ? 200 : 202, record))
        .onFailure(failure -> HttpErrors.fail(ctx, failure));
  }

  /** A task that asked for a callback becomes a one-task job, named in {@code X-Mesh-Job}. */
  private Future<TaskRecord> withCallback(RoutingContext ctx, TaskRecord record, String callback) {
    return callback == null ? Future.succeededFuture(record) : callbacks.follow(record, callback).map(job -> {
      ctx.response().putHeader("x-mesh-job", job.id());
      return record;
    });
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.valid(id)) {
      HttpErrors.fail(ctx, Rejection.notFound("no task with id '" + id + "'"));
      return;
    }
    long waitMs;
    try {
      waitMs = waitMillis(ctx);
    } catch (RuntimeException e) {
      HttpErrors.fail(ctx, e);
      return;
    }
    store.find(id)
        .compose(found -> found.isEmpty()
            ? Future.<TaskRecord>failedFuture(notFound(id))
            : store.awaitEnd(found.get(), waitMs))
        .onSuccess(record -> reply(ctx, 200, record))
        .onFailure(failure -> HttpErrors.fail(ctx, failure));
  }

  /** Cancels a queued or running task wherever it is; the key gate asked for role submit, as for a submit. */
  private void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.valid(id)) {
      HttpErrors.fail(ctx, Rejection.notFound("no task with id '" + id + "'"));
      return;
    }
    String key = ctx.get(ApiKeyGate.KEY_NAME);
    canceller.cancel(id, "DELETE /v1/tasks/" + id + (key == null ? "" : " by key '" + key + "'"))
        .onSuccess(outcome -> {
          if (outcome instanceof CancelOutcome.Cancelled c) {
            reply(ctx, 200, c.record());
          } else if (outcome instanceof CancelOutcome.AlreadyEnded e) {
            HttpErrors.fail(ctx, new Rejection(e.error()));
          } else {
            HttpErrors.fail(ctx, notFound(id));
          }
        })
        .onFailure(failure -> HttpErrors.fail(ctx, failure));
  }

  /** A task this node can't find: forgotten by the retention (it says so), or never known. */
  private Rejection notFound(String id) {
    return store.forgotten(id)
        ? Rejection.of(ErrorCodes.PRUNED, "task " + id + " ended longer ago than this mesh keeps finished tasks (see"
            + " retention.keepHours and retention.keepMax) and was forgotten", null)
        : Rejection.notFound("no task with id '" + id + "'");
  }

  /** {@code ?wait=SECONDS}: 0..limits.maxWaitSeconds, decimals allowed. */
  private long waitMillis(RoutingContext ctx) {
    String raw = ctx.queryParams().get("wait");
    if (raw == null || raw.isEmpty()) {
      return 0;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw Rejection.of("invalid_field", "wait must be a number of seconds, was '" + raw + "'", "wait");
    }
    if (!(seconds >= 0 && seconds <= maxWaitSeconds)) {
      throw Rejection.of("invalid_field",
          "wait must be between 0 and " + maxWaitSeconds + " seconds, was " + raw, "wait");
    }
    return (long) (seconds * TimeUnit.SECONDS.toMillis(1));
  }

  private static void reply(RoutingContext ctx, int status, TaskRecord record) {
    try {
      ctx.response().setStatusCode(status)
          .putHeader("content-type", "application/json")
          .putHeader("location", "/v1/tasks/" + record.task().id())
          .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(record)));
    } catch (Exception e) {
      HttpErrors.fail(ctx, e);
    }
  }
}
