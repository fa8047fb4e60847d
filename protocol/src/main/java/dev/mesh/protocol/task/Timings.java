package dev.mesh.protocol.task;

/**
 * Where a task's time went, in milliseconds, and the speeds measured from it (tokens per
 * second); these speeds are what feed the node's advert.
 */
public record Timings(
    long queuedMs, long prefillMs, long decodeMs, long totalMs,
    double prefillTokensPerSecond, double decodeTokensPerSecond) {

  /**
   * Derives the speeds from the durations and token counts (0 when a phase took no time).
   * Prefill ends with the first token, so decode time covers the other {@code completionTokens - 1}.
   */
  public static Timings of(long queuedMs, long prefillMs, long decodeMs, long totalMs, Usage usage) {
    return new Timings(queuedMs, prefillMs, decodeMs, totalMs,
        perSecond(usage.promptTokens(), prefillMs), perSecond(Math.max(0, usage.completionTokens() - 1), decodeMs));
  }

  private static double perSecond(int tokens, long ms) {
    return ms <= 0 ? 0.0 : tokens * 1000.0 / ms;
  }
}
