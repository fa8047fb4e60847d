package dev.mesh.protocol.advert;

import dev.mesh.protocol.task.Priority;

/**
 * How busy a node is: tasks running, tasks waiting, how many can run at once, the node's own
 * estimate of the seconds of work ahead of a new task (from its measured speeds), the measured
 * fixed cost of a task beyond inference (journal writes, hand-over, engine round trip), and what waits by
 * priority class ({@code byPriority}; absent from a node that does not say: then all of it counts for every task).
 */
public record Load(int running, int queued, int slots, double backlogSeconds, double taskOverheadSeconds,
    QueuedByPriority byPriority) {
  public Load(int running, int queued, int slots, double backlogSeconds, double taskOverheadSeconds) {
    this(running, queued, slots, backlogSeconds, taskOverheadSeconds, null);
  }

  public Load(int running, int queued, int slots, double backlogSeconds) {
    this(running, queued, slots, backlogSeconds, 0);
  }

  public static Load idle(int slots) {
    return new Load(0, 0, slots, 0);
  }

  public int freeSlots() {
    return Math.max(0, slots - running);
  }

  /**
   * Seconds of work ahead of a new task of this class: the backlog less what waits in the classes below it, which
   * it would be served before (the running tasks are never pre-empted: they count for every class).
   */
  public double backlogSecondsFor(Priority priority) {
    return byPriority == null ? backlogSeconds : Math.max(0, backlogSeconds - byPriority.secondsBelow(priority));
  }

  /**
   * The same with work a router sent here after this load was advertised: its class is not known, so it counts for
   * every class, like a running task.
   */
  public Load withUnseen(int tasks, double seconds) {
    return new Load(running, queued + tasks, slots, backlogSeconds + seconds, taskOverheadSeconds, byPriority);
  }
}
