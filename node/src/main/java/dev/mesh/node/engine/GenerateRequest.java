package dev.mesh.node.engine;

import java.util.List;
import java.util.Objects;

/**
 * One completion: a prompt (raw text, or chat messages the engine formats), a token budget, sampling settings
 * and what the output is held to.
 *
 * @param topP       {@code null} leaves llama.cpp's default
 * @param seed       {@code null} leaves the sampler's seed random
 * @param stop       strings that end the generation; they are not part of the returned text
 * @param constraint {@link Constraint#NONE}, a grammar or a JSON Schema
 */
public record GenerateRequest(Prompt prompt, int maxTokens, double temperature, Double topP, Long seed,
               List<String> stop, Constraint constraint) {

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
    constraint = constraint == null ? Constraint.NONE : constraint;
  }

  /** Greedy decoding (temperature 0) of raw text: the same prompt gives the same text. */
  public static GenerateRequest greedy(String prompt, int maxTokens) {
    return greedy(Prompt.text(prompt), maxTokens);
  }

  public static GenerateRequest greedy(Prompt prompt, int maxTokens) {
    return new GenerateRequest(prompt, maxTokens, 0, null, null, List.of(), Constraint.NONE);
  }

  public GenerateRequest withStop(List<String> newStop) {
    return new GenerateRequest(prompt, maxTokens, temperature, topP, seed, newStop, constraint);
  }

  public GenerateRequest withConstraint(Constraint newConstraint) {
    return new GenerateRequest(prompt, maxTokens, temperature, topP, seed, stop, newConstraint);
  }

  public GenerateRequest withTemperature(double newTemperature) {
    return new GenerateRequest(prompt, maxTokens, newTemperature, topP, seed, stop, constraint);
  }
}
