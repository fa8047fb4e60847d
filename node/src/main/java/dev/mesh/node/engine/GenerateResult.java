package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.task.PromptTemplate;

/**
 * A finished completion with its measured speed.
 *
 * @param promptTokens     the prompt's token count (without the BOS token)
 * @param completionTokens tokens the model produced, including a stop string's or EOS token
 * @param prefillMs        request to first token (prompt processing plus one sample)
 * @param decodeMs         first token to last token
 * @param stopReason       {@code stop} (EOS or a stop string), {@code length} (maxTokens) or {@code cancelled}
 * @param template         how the prompt was formatted (the model's chat template, plain, or raw text)
 */
public record GenerateResult(String text, int promptTokens, int completionTokens, long prefillMs, long decodeMs,
               String stopReason, PromptTemplate template) {

  /** Whether the token budget ran out before the model finished (a constrained output is then incomplete). */
  public boolean truncated() {
    return "length".equals(stopReason);
  }

  /** Decode speed, excluding the first token (which belongs to prefill); 0 when there is nothing to measure. */
  public double decodeTokensPerSecond() {
    return completionTokens > 1 && decodeMs > 0 ? (completionTokens - 1) * 1000.0 / decodeMs : 0;
  }

  static GenerateResult fromWire(JsonNode done) {
    return new GenerateResult(done.path("text").asText(), done.path("promptTokens").asInt(),
        done.path("completionTokens").asInt(), done.path("prefillMs").asLong(),
        done.path("decodeMs").asLong(), done.path("stopReason").asText(),
        RenderedPrompt.template(done.path("template").asText("raw")));
  }
}
