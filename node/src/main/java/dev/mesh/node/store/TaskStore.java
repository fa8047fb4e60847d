package dev.mesh.node.store;

import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The node's tasks: in memory for reads, journaled before any change is visible, and waiters
 * (long-polling callers) woken when a task ends. Writes are serialized through one ordered
 * blocking queue so the journal never goes back in time.
 */
public final class TaskStore {
  private final Vertx vertx;
  private final TaskJournal journal;
  private final Clock clock;
  private final Map<String, TaskRecord> records = new ConcurrentHashMap<>();
  private final Map<String, String> idsByIdempotencyKey = new ConcurrentHashMap<>();
  private final Map<String, List<Promise<TaskRecord>>> waiters = new ConcurrentHashMap<>();

  public TaskStore(Vertx vertx, TaskJournal journal, Clock clock) {
    this.vertx = vertx;
    this.journal = journal;
    this.clock = clock;
  }

  /** Reloads the journal; returns the tasks that had not ended when the node last stopped. */
  public Future<List<TaskRecord>> recover() {
    return vertx.executeBlocking(() -> {
      journal.open();
      List<TaskRecord> unfinished = new ArrayList<>();
      for (TaskRecord r : journal.loadAll()) {
        remember(r);
        if (!r.state().terminal()) {
          unfinished.add(r);
        }
      }
      return unfinished;
    });
  }

  /** The existing task for this idempotency key, if a caller retried a submission. */
  public Optional<TaskRecord> byIdempotencyKey(String key) {
    return Optional.ofNullable(key).map(idsByIdempotencyKey::get).map(records::get);
  }

  /** Journals a newly accepted task; completes only once it is on disk. */
  public Future<TaskRecord> accept(Task task) {
    return write(TaskRecord.queued(task));
  }

  /** Applies a change to a task and journals it before anyone can read it. */
  public Future<TaskRecord> update(String id, UnaryOperator<TaskRecord> change) {
    TaskRecord current = records.get(id);
    if (current == null) {
      return Future.failedFuture(new IllegalArgumentException("no task " + id));
    }
    return write(change.apply(current));
  }

  public Optional<TaskRecord> get(String id) {
    return Optional.ofNullable(records.get(id));
  }

  /** Completes when the task ends, or with its current record after {@code timeoutMs}. */
  public Future<TaskRecord> awaitEnd(String id, long timeoutMs) {
    TaskRecord current = records.get(id);
    if (current == null || current.state().terminal() || timeoutMs <= 0) {
      return current == null ? Future.failedFuture(new IllegalArgumentException("no task " + id))
          : Future.succeededFuture(current);
    }
    Promise<TaskRecord> promise = Promise.promise();
    waiters.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(promise);
    long timer = vertx.setTimer(timeoutMs, t -> promise.tryComplete(records.get(id)));
    return promise.future().onComplete(r -> {
      vertx.cancelTimer(timer);
      List<Promise<TaskRecord>> list = waiters.get(id);
      if (list != null) {
        list.remove(promise);
      }
    });
  }

  public Map<TaskState, Integer> countsByState() {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    for (TaskState s : TaskState.values()) {
      counts.put(s, 0);
    }
    records.values().forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    return counts;
  }

  public boolean journalWritable() {
    return journal.writable();
  }

  private Future<TaskRecord> write(TaskRecord record) {
    return vertx.executeBlocking(() -> {
      journal.save(record);
      return record;
    }, true).map(saved -> {
      remember(saved);
      if (saved.state().terminal()) {
        wake(saved);
      }
      return saved;
    });
  }

  private void remember(TaskRecord r) {
    records.put(r.task().id(), r);
    String key = r.task().request().idempotencyKey();
    if (key != null) {
      idsByIdempotencyKey.putIfAbsent(key, r.task().id());
    }
  }

  private void wake(TaskRecord r) {
    List<Promise<TaskRecord>> list = waiters.remove(r.task().id());
    if (list != null) {
      list.forEach(p -> p.tryComplete(r));
    }
  }
}
