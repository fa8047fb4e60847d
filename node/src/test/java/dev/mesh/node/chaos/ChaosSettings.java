package dev.mesh.node.chaos;

/**
 * How hard a chaos run pushes: how many keyed tasks the client sends, how many items the webhook job has, and
 * how long faults go on. {@code ChaosIT} runs a short one in every build; {@code bench/run chaos} longer ones.
 */
public record ChaosSettings(int tasks, int hookItems, int lanes, java.time.Duration duration, long seed) {
  /** From system properties, with the build's defaults. */
  public static ChaosSettings fromProperties(long seed) {
    return new ChaosSettings(Integer.getInteger("mesh.chaos.tasks", 150), Integer.getInteger("mesh.chaos.hookItems",
        50), Integer.getInteger("mesh.chaos.lanes", 8),
        java.time.Duration.ofSeconds(Integer.getInteger("mesh.chaos.seconds", 60)), seed);
  }
}
