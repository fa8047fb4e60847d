package dev.mesh.node.config;

/** How the node runs its engine processes (one per loaded model). */
public record EngineConfig(
    boolean enabled, int threads, int contextTokens, int batchTokens, int niceness, int heapMb) {
  public static final int DEFAULT_CONTEXT_TOKENS = 2048;
  public static final int DEFAULT_BATCH_TOKENS = 512;
  public static final int DEFAULT_NICENESS = 5;
  public static final int DEFAULT_HEAP_MB = 48;

  public static EngineConfig defaults() {
    // leave a core to the node itself: inference pegging every core starves cluster heartbeats
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    return new EngineConfig(
        true, threads, DEFAULT_CONTEXT_TOKENS, DEFAULT_BATCH_TOKENS, DEFAULT_NICENESS, DEFAULT_HEAP_MB);
  }
}
