package dev.mesh.node.recovery;

import dev.mesh.node.cluster.Standing;
import dev.mesh.node.dispatch.Dispatcher;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.task.Placement;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of recovery, for tasks whose holder is alive: every unfinished task this node holds here, holds
 * waiting, or claimed from the shared folder is queued or running in its runner, or being placed by its
 * dispatcher. One that is none of these was dropped by a step that failed without anyone to retry it — a store
 * write refused while the cluster merged, a folder that could not be written. A task seen so at the same version
 * by two checks in a row is placed again, with a warning: a claimed one goes back to the folder (its lease decides
 * who runs it), any other is re-queued here and routed again. A defect made visible and survived, never a task
 * that waits forever.
 */
public final class StrandedTasks {
  private static final Logger LOG = LoggerFactory.getLogger(StrandedTasks.class);
  /** How often the check runs; a task must be idle for two checks running, so 10 to 20 s. */
  static final long EVERY_MS = 10_000;

  private final TaskStore store;
  private final Dispatcher dispatcher;
  /** Whether one of this node's runners (local or remote models) has the task queued or running. */
  private final Predicate<String> running;
  private final SharedFolder folder;
  private final Standing standing;
  private final String nodeName;
  private final Clock clock;
  /** Task id → the version it was idle at on the last check. */
  private Map<String, Long> idleBefore = Map.of();

  public StrandedTasks(TaskStore store, Dispatcher dispatcher, Predicate<String> running, SharedFolder folder,
      Standing standing, String nodeName, Clock clock) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.running = running;
    this.folder = folder;
    this.standing = standing;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /** Checks every {@link #EVERY_MS}; call on the node's context. */
  public void watch(Vertx vertx) {
    vertx.setPeriodic(EVERY_MS, t -> check());
  }

  /** One check. Call on the node's context. */
  public void check() {
    if (!standing.settled()) {
      idleBefore = Map.of(); // cut off, this node's copies may be stale: judged afresh once it stands
      return;
    }
    Map<String, Long> idle = new HashMap<>();
    for (TaskRecord r : store.unfinishedHeldBy(nodeName)) {
      if (!inFolder(r) && !running.test(r.id()) && !dispatcher.placing(r.id()) && !store.accepting(r.id())) {
        idle.put(r.id(), r.version());
      }
    }
    idle.forEach((id, version) -> {
      if (version.equals(idleBefore.get(id))) {
        placeAgain(id, version);
      }
    });
    idleBefore = idle;
  }

  /** Sent through the folder: the folder's results decide, not this node's runner. */
  private static boolean inFolder(TaskRecord r) {
    return r.placement().is(Placement.Via.FOLDER);
  }

  /** Only as seen: if the mesh's record moved on meanwhile, this node's copy was stale and is read again. */
  private void placeAgain(String id, long version) {
    TaskRecord known = store.get(id).orElse(null);
    if (known != null && known.placement().is(Placement.Via.CLAIMED) && folder.giveBack(id)) {
      return;
    }
    if (store.isLocalOnly(id)) {
      store.dropLocal(id, "claimed here for the shared folder, but its claim is no longer this node's");
      return; // the folder's lease and result file decide; the mesh never knew it
    }
    String why = "held here but neither queued, running nor being placed (a step that failed dropped it)";
    store.update(id, r -> r.version() == version && r.placement().heldBy(nodeName) && !inFolder(r)
            ? r.requeued(nodeName, why, clock.instant()) : null)
        .onSuccess(r -> LOG.warn("task {}: {}; placed again", id, why))
        .compose(dispatcher::dispatch)
        .recover(e -> e instanceof TaskStore.StaleChange ? store.find(id).map(found -> null) : Future.failedFuture(e))
        .onFailure(e -> LOG.error("task {}: stranded here, and could not be placed again", id, e));
  }
}
