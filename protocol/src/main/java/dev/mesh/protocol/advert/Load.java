package dev.mesh.protocol.advert;

/** How busy a node is: tasks running, tasks waiting, and how many can run at once. */
public record Load(int running, int queued, int slots) {
  public static Load idle(int slots) {
    return new Load(0, 0, slots);
  }

  public int freeSlots() {
    return Math.max(0, slots - running);
  }
}
