package dev.mesh.protocol.advert;

import dev.mesh.protocol.task.Priority;

/**
 * How busy a node is: tasks running, tasks waiting, how many can run at once, the node's own
 * estimate of the seconds of work ahead of a new task (from its measured speeds), the measured
 * fixed cost of a task beyond inference (journal writes, hand-over, engine round trip), and what waits by
 * priority class ({@code byPriority}; absent from a node that does not say: then all of it counts for every task).
 * {@code turnOverheadSeconds} is the part of that fixed cost a queued task holds its engine for: a task's result is
 * stored while the next one runs, so a queue drains faster than finished tasks each take (null: not said, an older
 * node; then all of the overhead counts).
 */
public record Load(int running, int queued, int slots, double backlogSeconds, double taskOverheadSeconds,
    QueuedByPriority byPriority, Double turnOverheadSeconds) {
  public Load(int running, int queued, int slots, double backlogSeconds, double taskOverheadSeconds,
      QueuedByPriority byPriority) {
    this(running, queued, slots, backlogSeconds, taskOverheadSeconds, byPriority, null);
  }

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
   * What one more task estimated at {@code estimateSeconds} (backlog, overhead and run included) adds to the work
   * ahead of the task after it: the estimate less the backlog it waited behind and less the overhead that overlaps
   * the next task — what a router reserves on a node for work its advert does not show yet.
   */
  public double addedBy(double estimateSeconds, Priority priority) {
    double overlap = turnOverheadSeconds == null || !Double.isFinite(taskOverheadSeconds) ? 0
        : Math.max(0, taskOverheadSeconds - Math.max(0, turnOverheadSeconds));
    return Math.max(0, estimateSeconds - backlogSecondsFor(priority) - overlap);
  }

  /**
   * The same with work a router sent here after this load was advertised: its class is not known, so it counts for
   * every class, like a running task.
   */
  public Load withUnseen(int tasks, double seconds) {
    return new Load(running, queued + tasks, slots, backlogSeconds + seconds, taskOverheadSeconds, byPriority,
        turnOverheadSeconds);
  }
}
