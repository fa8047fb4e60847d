package dev.mesh.node.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mesh.node.cancel.ClientWatch;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code GET /v1/tasks/{id}/events}: the task's story as server-sent events — each hop of its record under its
 * own event name ({@code accepted}, {@code routed}, {@code hop}, {@code handoff}, {@code started}, ...), the
 * text as it is generated ({@code tokens}), and {@code done} with the final record. A late subscriber first
 * gets the hops so far; a task that has ended gets its whole story at once. Such a stream only watches: its client
 * going away changes nothing. The stream of {@code POST /v1/tasks?stream=true} ({@link #submitted}) is the
 * submission's own: its client going away before {@code done} cancels the task, as nobody could receive its result.
 */
public final class TaskEventsRoute implements Handler<RoutingContext> {
  private final TaskStore store;
  private final BiConsumer<RoutingContext, Throwable> fail;

  /** @param fail answers a request that fails before the stream starts (the API's error format) */
  public TaskEventsRoute(TaskStore store, BiConsumer<RoutingContext, Throwable> fail) {
    this.store = store;
    this.fail = fail;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!TaskIds.valid(id)) {
      fail.accept(ctx, Rejection.notFound("no task with id '" + id + "'"));
      return;
    }
    new Stream(ctx, id).open();
  }

  /**
   * Submits a task with the id given to {@code submit} and streams its story; {@code watch} cancels it if the client
   * goes away before it ends. A submit that fails is answered as an error, before any event.
   */
  public void submitted(RoutingContext ctx, String id, Function<String, Future<TaskRecord>> submit, ClientWatch watch) {
    new Stream(ctx, id).openOwn(submit, watch);
  }

  /** One subscriber's stream; everything runs on the request's context. */
  private final class Stream {
    private final RoutingContext ctx;
    private final String id;
    private final Context context;
    private final SseWriter sse;
    private TokenFollower tokens;
    private Runnable unwatch;
    private int sentHops;
    private boolean done;
    /** The submission's own stream sends nothing until its submit is through: headers may still be added then. */
    private boolean submitting;
    /** Text heard before the story so far was sent: it goes out after the hops, in order, not before them. */
    private List<String> early = new ArrayList<>();

    Stream(RoutingContext ctx, String id) {
      this.ctx = ctx;
      this.id = id;
      this.context = ctx.vertx().getOrCreateContext();
      this.sse = new SseWriter(ctx.vertx(), ctx.response());
    }

    void open() {
      follow();
      ctx.response().closeHandler(v -> close());
      store.find(id).onComplete(found -> {
        if (found.failed() || found.result().isEmpty()) {
          release();
          fail.accept(ctx, found.failed() ? found.cause() : Rejection.notFound("no task with id '" + id + "'"));
        } else {
          onRecord(found.result().get());
        }
      });
    }

    /** The submission's own stream: following begins before the task exists, so none of its text is missed. */
    void openOwn(Function<String, Future<TaskRecord>> submit, ClientWatch watch) {
      submitting = true;
      follow();
      ctx.response().closeHandler(v -> {
        watch.closed(); // before close(): ending the response would count as the answer written
        close();
      });
      tokens.ready()
          .recover(notPropagated -> Future.succeededFuture()) // the done event still carries the whole result
          .compose(ready -> submit.apply(id))
          .onSuccess(accepted -> {
            submitting = false;
            watch.accepted(accepted.id());
            onRecord(store.get(id).orElse(accepted)); // the newest this node has: versions held back meanwhile
          })
          .onFailure(failure -> {
            release();
            fail.accept(ctx, failure);
          });
    }

    private void follow() {
      // watch before reading: a change between the read and the watch would otherwise be missed for good
      unwatch = store.watch(id, r -> context.runOnContext(v -> onRecord(r)));
      tokens = TokenFollower.follow(ctx.vertx(), id, (node, text) -> {
        String piece = new JsonObject().put("node", node).put("text", text).encode();
        if (done) {
          return;
        }
        if (early != null) {
          early.add(piece); // the record's first read is still on its way
        } else {
          sse.send("tokens", piece);
        }
      });
    }

    private void onRecord(TaskRecord record) {
      List<Hop> hops = record.hops();
      if (done || submitting || hops.size() <= sentHops) {
        return;
      }
      try {
        for (Hop hop : hops.subList(sentHops, hops.size())) {
          sse.send(hop.event().wire(), MeshJson.mapper().writeValueAsString(hop));
        }
        sentHops = hops.size();
        if (early != null && !record.terminal()) {
          early.forEach(piece -> sse.send("tokens", piece));
        }
        early = null;
        if (record.terminal()) {
          done = true;
          sse.send("done", MeshJson.mapper().writeValueAsString(record));
          close();
        }
      } catch (JsonProcessingException e) {
        close();
      }
    }

    private void close() {
      release();
      sse.end();
    }

    private void release() {
      if (unwatch != null) {
        unwatch.run();
        unwatch = null;
      }
      if (tokens != null) {
        tokens.stop();
        tokens = null;
      }
    }
  }
}
