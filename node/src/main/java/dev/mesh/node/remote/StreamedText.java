package dev.mesh.node.remote;

import java.util.function.Consumer;

/**
 * The text of a streamed answer as it comes: each piece passed on, the whole kept, and the time of the first piece
 * (a remote's time to first token is most of what its prompt costs).
 */
final class StreamedText {
  private final StringBuilder text = new StringBuilder();
  private final Consumer<String> onText;
  private final long startedNanos = System.nanoTime();
  private long firstTokenMs = -1;

  StreamedText(Consumer<String> onText) {
    this.onText = onText;
  }

  void add(String piece) {
    if (piece == null || piece.isEmpty()) {
      return;
    }
    if (firstTokenMs < 0) {
      firstTokenMs = sinceStartMs();
    }
    text.append(piece);
    onText.accept(piece);
  }

  /** The reply, with tokens as the remote counted them; a remote that did not count its output gets a rough count. */
  RemoteReply reply(int promptTokens, int completionTokens, String stopReason) {
    long total = sinceStartMs();
    int completion = completionTokens > 0 ? completionTokens : roughTokens(text);
    return new RemoteReply(text.toString(), promptTokens, completion, firstTokenMs < 0 ? total : firstTokenMs, total,
        stopReason == null ? "stop" : stopReason);
  }

  /** About four characters a token, as for English with common tokenizers: better than claiming none. */
  private static int roughTokens(CharSequence s) {
    return s.length() == 0 ? 0 : Math.max(1, s.length() / 4);
  }

  private long sinceStartMs() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
