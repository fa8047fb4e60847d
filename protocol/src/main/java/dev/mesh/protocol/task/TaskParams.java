package dev.mesh.protocol.task;

import java.util.List;

/**
 * Sampling settings; every field is optional (null = the default below). Read them through
 * the {@code ...OrDefault()} accessors so a default lives in exactly one place.
 */
public record TaskParams(Double temperature, Integer maxTokens, List<String> stop, Long seed, Double topP) {
  public static final double DEFAULT_TEMPERATURE = 0.8;
  public static final double MAX_TEMPERATURE = 2.0;
  public static final int DEFAULT_MAX_TOKENS = 128;
  public static final double DEFAULT_TOP_P = 0.95;
  public static final int MAX_STOP_SEQUENCES = 8;
  public static final int MAX_STOP_SEQUENCE_CHARS = 64;

  public TaskParams {
    stop = Lists.freeze(stop);
  }

  /** The defaults written out; seed stays null, meaning "pick one at random". */
  public static TaskParams defaults() {
    return new TaskParams(DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS, List.of(), null, DEFAULT_TOP_P);
  }

  public double temperatureOrDefault() {
    return temperature != null ? temperature : DEFAULT_TEMPERATURE;
  }

  public int maxTokensOrDefault() {
    return maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS;
  }

  public List<String> stopOrDefault() {
    return stop != null ? stop : List.of();
  }

  public double topPOrDefault() {
    return topP != null ? topP : DEFAULT_TOP_P;
  }
}
