package dev.mesh.node.config;

/** Watts the owner measured at the wall (declared: a node cannot measure its own plug). */
public record PowerConfig(double idleWatts, double busyWatts) {
  public static PowerConfig defaults() {
    return new PowerConfig(0, 0);
  }
}
