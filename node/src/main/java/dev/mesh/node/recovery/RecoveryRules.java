package dev.mesh.node.recovery;

import dev.mesh.protocol.task.Placement;
import dev.mesh.protocol.task.TaskRecord;

/**
 * What becomes of an unfinished task whose holder is gone — lost from the cluster, or this node before it
 * restarted. Pure: one rule per placement, so every way a task can be stranded is decided in one place.
 */
final class RecoveryRules {
  private RecoveryRules() {}

  enum Action {
    /** The mesh's newest record says the task ended or moved on: take that record, do nothing else. */
    TAKE_NEWEST,
    /** Run here for the shared folder without the mesh knowing it: the folder's lease decides who runs it now. */
    LEAVE_TO_FOLDER,
    /** The folder holds it (or held it for a claimer that is gone): wait here for its result file, never send it again. */
    AWAIT_FROM_FOLDER,
    /** Nobody else can have it: back to the queue here, routed again. */
    REQUEUE
  }

  /**
   * @param newest the newest record known (the cluster's when it has one)
   * @param folderOnly whether this node runs it for the shared folder without the mesh knowing it
   * @param gone the node that held it (the lost node, or this node before its restart)
   * @param folder whether this node has the shared folder to wait on
   */
  static Action decide(TaskRecord newest, boolean folderOnly, String gone, boolean folder) {
    if (newest.terminal() || !newest.placement().heldBy(gone)) {
      return Action.TAKE_NEWEST;
    }
    if (folderOnly) {
      return Action.LEAVE_TO_FOLDER;
    }
    Placement.Via via = newest.placement().via();
    boolean inFolder = via == Placement.Via.FOLDER || via == Placement.Via.CLAIMED;
    if (inFolder && folder) {
      return Action.AWAIT_FROM_FOLDER;
    }
    // without a folder here nobody can wait on it; re-queued, it may run twice if its folder copy runs too
    return Action.REQUEUE;
  }
}
