package dev.mesh.node.config;

/** How this node routes the tasks that enter it. */
public record RoutingConfig(String objective, int hopLimit, long hopTimeoutMs) {
  public static final int DEFAULT_HOP_LIMIT = 3;
  /** Long enough for a busy member to answer, short enough that a frozen one doesn't stall routing. */
  public static final long DEFAULT_HOP_TIMEOUT_MS = 3000;

  public static RoutingConfig defaults() {
    return new RoutingConfig("fastest", DEFAULT_HOP_LIMIT, DEFAULT_HOP_TIMEOUT_MS);
  }
}
