package dev.mesh.node.engine;

import java.util.List;
import java.util.Objects;

/**
 * One completion: the raw prompt (no template is applied), a token budget and sampling settings.
 *
 * @param topP {@code null} leaves llama.cpp's default
 * @param seed {@code null} leaves the sampler's seed random
 * @param stop strings that end the generation; they are not part of the returned text
 */
public record GenerateRequest(String prompt, int maxTokens, double temperature, Double topP, Long seed,
               List<String> stop) {

  public GenerateRequest {
    Objects.requireNonNull(prompt, "prompt is required");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
    }
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
    }
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
    }
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** Greedy decoding (temperature 0): the same prompt gives the same text. */
  public static GenerateRequest greedy(String prompt, int maxTokens) {
    return new GenerateRequest(prompt, maxTokens, 0, null, null, List.of());
  }

  public GenerateRequest withStop(List<String> stop) {
    return new GenerateRequest(prompt, maxTokens, temperature, topP, seed, stop);
  }
}
