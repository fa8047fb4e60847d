package dev.mesh.protocol.advert;

/**
 * How busy a node is: tasks running, tasks waiting, how many can run at once, and the node's own
 * estimate of the seconds of work ahead of a new task (from its measured speeds).
 */
public record Load(int running, int queued, int slots, double backlogSeconds) {
  public static Load idle(int slots) {
    return new Load(0, 0, slots, 0);
  }

  public int freeSlots() {
    return Math.max(0, slots - running);
  }
}
