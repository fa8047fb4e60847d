package dev.mesh.node.store;

import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Who follows a task: event streams told of every newer version, and callers long-polling for its end. Told by
 * the store of each version it learns, on whatever thread learned it.
 */
final class TaskFollowers {
  private final Vertx vertx;
  private final Map<String, List<Consumer<TaskRecord>>> watchers = new ConcurrentHashMap<>();
  private final Map<String, List<Promise<TaskRecord>>> waiters = new ConcurrentHashMap<>();

  TaskFollowers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Calls {@code watcher} with each newer version of one task; returns what stops the calls. */
  Runnable watch(String id, Consumer<TaskRecord> watcher) {
    watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(watcher);
    return () -> watchers.computeIfPresent(id, (k, list) -> {
      list.remove(watcher);
      return list.isEmpty() ? null : list;
    });
  }

  /**
   * Completes when the task ends, or after {@code timeoutMs} with its newest version ({@code newest} asked then).
   */
  Future<TaskRecord> awaitEnd(TaskRecord current, long timeoutMs, Function<String, TaskRecord> newest) {
    String id = current.id();
    if (current.terminal() || timeoutMs <= 0) {
      return Future.succeededFuture(current);
    }
    Promise<TaskRecord> promise = Promise.promise();
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(promise);
    long timer = vertx.setTimer(timeoutMs, t -> promise.tryComplete(newest.apply(id)));
    return promise.future().onComplete(r -> {
      vertx.cancelTimer(timer);
      List<Promise<TaskRecord>> list = waiters.get(id);
      if (list != null) {
        list.remove(promise);
      }
    });
  }

  /** A newer version of a task: its watchers are told; if it ended, its waiters complete. */
  void told(TaskRecord r) {
    List<Consumer<TaskRecord>> list = watchers.get(r.id());
    if (list != null) {
      list.forEach(w -> w.accept(r));
    }
    if (r.terminal()) {
      ended(r);
    }
  }

  private void ended(TaskRecord r) {
    List<Promise<TaskRecord>> list = waiters.remove(r.id());
    if (list != null) {
      list.forEach(p -> p.tryComplete(r));
    }
  }
}
