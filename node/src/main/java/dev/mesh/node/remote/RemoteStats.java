package dev.mesh.node.remote;

/**
 * What real calls to one remote model measured, as EWMAs: tokens/s reading the prompt (prompt tokens over the time
 * to the first token, the network's share included: it is part of what the prompt costs) and writing the answer,
 * seconds to the first token, and the share of calls that failed. Before its first call a model is assumed slow
 * ({@link #PRIOR_PREFILL_TPS}, {@link #PRIOR_DECODE_TPS}): never a guess that would win it work.
 */
public final class RemoteStats {
  static final double PRIOR_PREFILL_TPS = 100;
  static final double PRIOR_DECODE_TPS = 5;
  private final Ewma prefill = new Ewma();
  private final Ewma decode = new Ewma();
  private final Ewma firstToken = new Ewma();
  private final Ewma errors = new Ewma();
  private long samples;
  private long failures;

  public synchronized void answered(RemoteReply r) {
    samples++;
    errors.add(0);
    firstToken.add(r.firstTokenMs() / 1000.0);
    if (r.promptTokens() > 0 && r.firstTokenMs() > 0) {
      prefill.add(r.promptTokens() * 1000.0 / r.firstTokenMs());
    }
    long decodeMs = r.totalMs() - r.firstTokenMs();
    if (r.completionTokens() > 1 && decodeMs > 0) {
      decode.add((r.completionTokens() - 1) * 1000.0 / decodeMs);
    }
  }

  public synchronized void embedded(RemoteEmbedding e, int tokens) {
    samples++;
    errors.add(0);
    firstToken.add(e.totalMs() / 1000.0);
    if (tokens > 0 && e.totalMs() > 0) {
      prefill.add(tokens * 1000.0 / e.totalMs());
    }
  }

  public synchronized void failed() {
    failures++;
    errors.add(1);
  }

  public synchronized double prefillTokensPerSecond() {
    return prefill.valueOr(PRIOR_PREFILL_TPS);
  }

  public synchronized double decodeTokensPerSecond() {
    return decode.valueOr(PRIOR_DECODE_TPS);
  }

  /** NaN before the first answer. */
  public synchronized double firstTokenSeconds() {
    return firstToken.value();
  }

  public synchronized double errorRate() {
    return errors.valueOr(0);
  }

  public synchronized long samples() {
    return samples;
  }

  public synchronized long failures() {
    return failures;
  }
}
