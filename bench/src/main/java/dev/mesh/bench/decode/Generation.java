package dev.mesh.bench.decode;

/**
 * One timed greedy generation. Decode time runs from the first sampled token to the last, so decode speed
 * counts the {@code tokens - 1} tokens produced in it — the same definition for both paths.
 *
 * @param tokens       completion tokens actually produced (fewer than asked when the model hit EOS)
 * @param prefillNanos start of the call to the first token
 * @param decodeNanos  first token to last token
 * @param wallNanos    the whole call as its caller sees it (for the node: the whole HTTP request)
 * @param queuedNanos  node: accepted to started, as it reports it (journal write, dispatch); direct: 0
 * @param totalNanos   node: accepted to result in hand, as it reports it (before the result is journaled and
 *                     sent); direct: the wall time
 */
record Generation(int tokens, long prefillNanos, long decodeNanos, long wallNanos, long queuedNanos,
                  long totalNanos) {

  double decodeTokensPerSecond() {
    return tokens > 1 && decodeNanos > 0 ? (tokens - 1) * 1e9 / decodeNanos : Double.NaN;
  }

  double endToEndTokensPerSecond() {
    return tokens * 1e9 / wallNanos;
  }

  /** Wall time not spent in prefill or decode: for the node, HTTP + queueing + engine hand-over. */
  double overheadMillis() {
    return (wallNanos - prefillNanos - decodeNanos) / 1e6;
  }

  /** Node: started to result minus prefill and decode — the engine call's own overhead (IPC, last message). */
  double engineCallOverheadMillis() {
    return (totalNanos - queuedNanos - prefillNanos - decodeNanos) / 1e6;
  }

  /** Node: result in hand to response received — result journaling, waking the waiter, HTTP. */
  double afterResultMillis() {
    return (wallNanos - totalNanos) / 1e6;
  }
}
