package dev.mesh.protocol.routing;

import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.nio.charset.StandardCharsets;

/**
 * Tokens a request will cost, before any node has tokenized it: routing must compare nodes whose
 * tokenizers it cannot run. Common BPE and SentencePiece vocabularies average 3-4 bytes a token on
 * English; 3 errs towards more tokens (a slower estimate, and context checks that refuse less late).
 */
public final class TokenEstimate {
  static final double BYTES_PER_TOKEN = 3.0;
  /** A label is a few words: classify generates no more than this, whatever maxTokens says. */
  public static final int CLASSIFY_MAX_TOKENS = 8;
  /** Templates (chat roles, summarize/classify instructions) add a few dozen tokens. */
  static final int TEMPLATE_TOKENS = 32;

  private TokenEstimate() {}

  public static int promptTokens(TaskRequest request) {
    int bytes = request.text().getBytes(StandardCharsets.UTF_8).length;
    int template = request.kind() == TaskKind.GENERATE || request.kind() == TaskKind.EMBED ? 0 : TEMPLATE_TOKENS;
    return (int) Math.ceil(bytes / BYTES_PER_TOKEN) + template + 1;
  }

  /** Tokens the task will generate at most (0 for embeddings). */
  public static int maxTokens(TaskRequest request) {
    int asked = request.paramsOrDefaults().maxTokensOrDefault();
    return switch (request.kind()) {
      case EMBED -> 0;
      case CLASSIFY -> Math.min(CLASSIFY_MAX_TOKENS, asked);
      default -> asked;
    };
  }
}
