package dev.mesh.node.inference;

/**
 * Measured tokens/s of one model on this machine: seeded by the start-up self-benchmark, then an
 * exponentially weighted moving average of real tasks, so the advert follows what the node really does.
 */
public final class SpeedEstimate {
  /** Weight of the newest sample: about the last ten tasks dominate. */
  static final double EWMA_ALPHA = 0.2;
  /** Tasks that produced fewer tokens than this say more about overhead than speed. */
  static final int MIN_TOKENS_FOR_SAMPLE = 4;

  private double prefillTokensPerSecond;
  private double decodeTokensPerSecond;
  private long samples;

  public synchronized void seed(double prefill, double decode) {
    prefillTokensPerSecond = prefill;
    decodeTokensPerSecond = decode;
    samples = Math.max(samples, 1);
  }

  public synchronized void observe(int promptTokens, long prefillMs, int completionTokens, long decodeMs) {
    if (promptTokens >= MIN_TOKENS_FOR_SAMPLE && prefillMs > 0) {
      prefillTokensPerSecond = blend(prefillTokensPerSecond, promptTokens * 1000.0 / prefillMs);
    }
    if (completionTokens >= MIN_TOKENS_FOR_SAMPLE && decodeMs > 0) {
      decodeTokensPerSecond = blend(decodeTokensPerSecond, completionTokens * 1000.0 / decodeMs);
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
