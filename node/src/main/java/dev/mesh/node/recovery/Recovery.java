package dev.mesh.node.recovery;

import dev.mesh.node.dispatch.Dispatcher;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.keys.KeyRegistry;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.Placement;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that picks up stranded tasks: those of a node the cluster lost, and this node's own after a
 * restart. Each task is judged on the mesh's newest record by {@link RecoveryRules}; this class carries the
 * verdict out, every change a compare-and-set that refuses if someone else moved the task meanwhile.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private final TaskStore store;
  private final Dispatcher dispatcher;
  private final SharedFolder folder;
  private final KeyRegistry keys;
  private final String nodeName;
  private final Clock clock;

  public Recovery(TaskStore store, Dispatcher dispatcher, SharedFolder folder, KeyRegistry keys, String nodeName,
      Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.folder = folder;
    this.keys = keys;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /** The unfinished tasks a lost node held, as the cluster map has them. Call on the node's context. */
  public void holderLost(String lostName, List<TaskRecord> orphans) {
    if (!orphans.isEmpty()) {
      LOG.warn("recovering {} task(s) of lost node {}", orphans.size(), lostName);
    }
    for (TaskRecord orphan : orphans) {
      recover(orphan, false, lostName, "node " + lostName + " was lost");
    }
  }

  /** This node's unfinished tasks from its journal, after a restart. Call on the node's context. */
  public void restarted(List<TaskRecord> unfinished) {
    if (!unfinished.isEmpty()) {
      LOG.info("resuming {} unfinished task(s) from the journal", unfinished.size());
    }
    for (TaskRecord journaled : unfinished) {
      // judged on the newest version: the journal trails the cluster map and may predate a move
      store.meshRecord(journaled.id())
          .compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : store.adopt(journaled))
          .onSuccess(newest -> recover(newest, store.isLocalOnly(newest.id()), nodeName,
              "node restarted before it finished"))
          .onFailure(e -> LOG.error("cannot resume task {}", journaled.id(), e));
    }
  }

  /**
   * Back after being cut off: the cluster map's records replace this node's copies, and a task this node accepted
   * while cut off whose idempotency key the mesh gave to another task meanwhile ends as a duplicate, never run.
   */
  public void rejoined() {
    LOG.info("merged back into the cluster; re-reading every task this node knows from the cluster map");
    store.refreshAll()
        .onFailure(e -> LOG.warn("cannot re-read tasks after merging back: {}", e.getMessage()))
        .onComplete(done -> {
          store.unfinishedHeldBy(nodeName).stream()
              .filter(r -> r.task().request().idempotencyKey() != null).forEach(this::keepKeyOrDrop);
          restoreMissing("merged back");
        });
  }

  /** Puts back the records the mesh lost that this node has (see {@link TaskStore#restoreMissing}). */
  public void restoreMissing(String after) {
    store.restoreMissing()
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("{}: put back {} task record(s) the cluster map had lost", after, n);
          }
        })
        .onFailure(e -> LOG.warn("{}: cannot check the cluster map for lost records: {}", after, e.getMessage()));
  }

  private void keepKeyOrDrop(TaskRecord mine) {
    String key = mine.task().request().idempotencyKey();
    keys.reserve(key, mine.id())
        .compose(holder -> holder.isEmpty() || holder.get().equals(mine.id()) ? Future.succeededFuture()
            : store.update(mine.id(), r -> r.failed(ApiError.of(ErrorCodes.DUPLICATE, "idempotency key '" + key
                + "' names task " + holder.get() + "; this copy was accepted while " + nodeName + " was cut off"
                + " from the mesh and is not run"), clock.instant())).onSuccess(r -> LOG.warn("task {}: {}",
                r.id(), r.error().message())))
        .recover(e -> e instanceof TaskStore.StaleChange ? Future.succeededFuture() : Future.failedFuture(e))
        .onFailure(e -> LOG.error("cannot check the idempotency key of task {}", mine.id(), e));
  }

  private void recover(TaskRecord newest, boolean folderOnly, String gone, String why) {
    RecoveryRules.Action action = RecoveryRules.decide(newest, folderOnly, gone, folder.present());
    LOG.debug("task {} ({}, {}): {}", newest.id(), newest.state().wire(), newest.placement(), action);
    Future<?> done = switch (action) {
      case TAKE_NEWEST -> {
        store.observe(newest);
        yield Future.succeededFuture();
      }
      case LEAVE_TO_FOLDER -> Future.succeededFuture();
      case AWAIT_FROM_FOLDER -> awaitFromFolder(newest, gone, why);
      case REQUEUE -> store.update(newest.id(), r -> r.placement().heldBy(gone)
              ? r.requeued(nodeName, why, clock.instant()) : null)
          .compose(dispatcher::dispatch);
    };
    done.recover(e -> e instanceof TaskStore.StaleChange ? Future.succeededFuture() : Future.failedFuture(e))
        .onFailure(e -> LOG.error("cannot recover task {} ({})", newest.id(), action, e));
  }

  /** This node waits for the result from now on; the record says so unless it already did. */
  private Future<TaskRecord> awaitFromFolder(TaskRecord newest, String gone, String why) {
    Placement p = newest.placement();
    if (p.is(Placement.Via.FOLDER) && p.heldBy(nodeName)) {
      folder.awaitAgain(newest);
      return Future.succeededFuture(newest);
    }
    String reason = why + " while the task waited in the shared folder; " + nodeName + " waits for its result";
    return store.update(newest.id(), r -> r.placement().heldBy(gone) && (r.placement().is(Placement.Via.FOLDER)
            || r.placement().is(Placement.Via.CLAIMED)) ? r.inFolder(nodeName, target(r), reason, clock.instant()) : null)
        .onSuccess(folder::awaitAgain);
  }

  /** Whom the folder copy is addressed to: a claimer that is gone no longer counts (any node may take it). */
  private static String target(TaskRecord r) {
    return r.placement().is(Placement.Via.FOLDER) ? r.placement().target() : null;
  }
}
