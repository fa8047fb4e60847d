package dev.mesh.node.dispatch;

import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the outcome of an attempt — only if the task is still on that attempt: a node that froze, was given up on
 * and came back must not overwrite the outcome of the node that took over. Shared by the runners of local and
 * remote models.
 */
final class Outcomes {
  private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);
  /** How long before a store that could not be done for now is tried again; how often at most. */
  static final long RETRY_MS = 1_000;
  static final int MAX_RETRIES = 30;

  private final Context context;
  private final TaskStore store;

  Outcomes(Context context, TaskStore store) {
    this.context = context;
    this.store = store;
  }

  /**
   * A record that is missing for now (this node is merging back: the chaos suite saw an outcome dropped so, the task
   * left "running" forever) or that the store could not change is tried again each second, a bounded number of
   * times; one that moved on (re-queued, run elsewhere, ended) discards the outcome — the node that took over decides.
   */
  Future<TaskRecord> record(String id, int attempt, UnaryOperator<TaskRecord> outcome) {
    return record(id, attempt, outcome, 1);
  }

  private Future<TaskRecord> record(String id, int attempt, UnaryOperator<TaskRecord> outcome, int tries) {
    return store.update(id, r -> r.attempts() == attempt ? outcome.apply(r) : null)
        .recover(failure -> store.meshRecord(id)
            .map(found -> found.isEmpty() || (found.get().attempts() == attempt && !found.get().terminal()))
            .otherwise(true)
            .compose(retry -> {
              if (!retry || tries >= MAX_RETRIES) {
                return Future.failedFuture(failure);
              }
              LOG.info("task {}: its outcome could not be stored yet ({}); trying again", id, failure.toString());
              return context.owner().timer(RETRY_MS).compose(t -> record(id, attempt, outcome, tries + 1));
            }));
  }

  /** A change that lost to a newer one is no error here: the task ended or moved on elsewhere. */
  static Future<TaskRecord> staleIsDone(Throwable failure) {
    if (failure instanceof TaskStore.StaleChange) {
      LOG.info(failure.getMessage());
      return Future.succeededFuture();
    }
    return Future.failedFuture(failure);
  }
}
