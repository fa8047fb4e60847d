package dev.mesh.protocol.routing;

import dev.mesh.protocol.task.Scoring;
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
  /** Classify spells one label under a grammar; a token is at least one byte, so the longest label's bytes bound it. */
  static final int CLASSIFY_SPARE_TOKENS = 2;
  /** {"score": n} with room for spaces: a score without a reason needs no more. */
  public static final int SCORE_MAX_TOKENS = 24;
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
      // held to a grammar: cut short, the answer would be no label at all, so maxTokens does not apply
      case CLASSIFY -> longestLabelBytes(request) + CLASSIFY_SPARE_TOKENS;
      // the budget lets the grammar always close the JSON, reason included
      case SCORE -> SCORE_MAX_TOKENS + (request.scoringOrDefaults().reasonOrDefault() ? Scoring.REASON_MAX_TOKENS : 0);
      default -> asked;
    };
  }

  private static int longestLabelBytes(TaskRequest request) {
    return request.labels() == null ? 0 : request.labels().stream()
        .mapToInt(l -> l == null ? 0 : l.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
  }
}
