package dev.mesh.node.inference;

/**
 * Measured tokens/s of one model on this machine: seeded by the start-up self-benchmark, then an
 * exponentially weighted moving average of real tasks, so the advert follows what the node really does.
 */
public final class SpeedEstimate {
  /** Weight of the newest sample: about the last ten tasks dominate. */
  static final double EWMA_ALPHA = 0.2;
  /** Generations shorter than this say more about per-call overhead than about decode speed. */
  static final int MIN_DECODE_TOKENS_FOR_SAMPLE = 4;
  /** Short prompts time the first token's fixed cost, not prefill: they would drag the estimate down. */
  static final int MIN_PROMPT_TOKENS_FOR_SAMPLE = 32;

  private double prefillTokensPerSecond;
  private double decodeTokensPerSecond;
  private long samples;

  public synchronized void seed(double prefill, double decode) {
    prefillTokensPerSecond = prefill;
    decodeTokensPerSecond = decode;
    samples = Math.max(samples, 1);
  }

  /** @param decodeMs time from the first token to the last: it covers {@code completionTokens - 1} tokens */
  public synchronized void observe(int promptTokens, long prefillMs, int completionTokens, long decodeMs) {
    if (promptTokens >= MIN_PROMPT_TOKENS_FOR_SAMPLE && prefillMs > 0) {
      prefillTokensPerSecond = blend(prefillTokensPerSecond, promptTokens * 1000.0 / prefillMs);
    }
    if (completionTokens > MIN_DECODE_TOKENS_FOR_SAMPLE && decodeMs > 0) {
      decodeTokensPerSecond = blend(decodeTokensPerSecond, (completionTokens - 1) * 1000.0 / decodeMs);
    }
    samples++;
  }

  public synchronized double prefillTokensPerSecond() {
    return prefillTokensPerSecond;
  }

  public synchronized double decodeTokensPerSecond() {
    return decodeTokensPerSecond;
  }

  public synchronized long samples() {
    return samples;
  }

  private static double blend(double current, double sample) {
    return current <= 0 ? sample : current + EWMA_ALPHA * (sample - current);
  }
}
