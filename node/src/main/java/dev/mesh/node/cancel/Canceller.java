package dev.mesh.node.cancel;

import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a task wherever it is in the mesh. The cancel is one more terminal change of the task's record, made where
 * every change is made first (the cluster map, or alone the journal): it races fairly with the task's result, and a
 * record ends once, so whichever is stored first stands. The node holding the task learns of it as a new version of
 * the record — a queued task leaves its queue, a running one has its generation or remote call stopped — so no new
 * message travels between nodes.
 */
public final class Canceller {
  private static final Logger LOG = LoggerFactory.getLogger(Canceller.class);

  private final TaskStore store;
  private final String nodeName;
  private final Clock clock;

  public Canceller(TaskStore store, String nodeName, Clock clock) {
    this.store = store;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /** @param why by whom or what, for the record's hop and error ("DELETE by key 'agents'", "client went away") */
  public Future<CancelOutcome> cancel(String id, String why) {
    return store.find(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new CancelOutcome.Unknown(id));
      }
      if (found.get().terminal()) {
        return Future.succeededFuture(new CancelOutcome.AlreadyEnded(found.get()));
      }
      return store.update(id, r -> r.cancelled(nodeName, why, clock.instant()))
          .<CancelOutcome>map(cancelled -> {
            LOG.info("task {} cancelled: {}", id, why);
            return new CancelOutcome.Cancelled(cancelled);
          })
          .recover(failure -> failure instanceof TaskStore.StaleChange ? endedMeanwhile(id) : Future.failedFuture(failure));
    });
  }

  /** The store refused the cancel: the task ended between the read and the change (its result came first). */
  private Future<CancelOutcome> endedMeanwhile(String id) {
    return store.find(id).compose(now -> {
      if (now.isEmpty()) {
        return Future.succeededFuture(new CancelOutcome.Unknown(id));
      }
      return now.get().terminal() ? Future.succeededFuture(new CancelOutcome.AlreadyEnded(now.get()))
          : Future.failedFuture(new IllegalStateException("task " + id + " could not be changed just now (its record"
              + " is being merged back); try again"));
    });
  }

  /** The same, for a client that went away: nothing to answer, a line in the log when it did cancel. */
  public void abandoned(String id, String why) {
    cancel(id, why).onFailure(e -> LOG.warn("task {}: cannot cancel it ({}): {}", id, why, e.toString()));
  }
}
