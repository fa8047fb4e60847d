package dev.mesh.protocol.advert;

/**
 * How busy a node is: tasks running, tasks waiting, how many can run at once, the node's own
 * estimate of the seconds of work ahead of a new task (from its measured speeds), and the measured
 * fixed cost of a task beyond inference (journal writes, hand-over, engine round trip).
 */
public record Load(int running, int queued, int slots, double backlogSeconds, double taskOverheadSeconds) {
  public Load(int running, int queued, int slots, double backlogSeconds) {
    this(running, queued, slots, backlogSeconds, 0);
  }

  public static Load idle(int slots) {
    return new Load(0, 0, slots, 0);
  }

  public int freeSlots() {
    return Math.max(0, slots - running);
  }
}
