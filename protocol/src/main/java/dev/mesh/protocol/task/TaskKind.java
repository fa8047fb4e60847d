package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a task asks a model to do; lowercase on the wire ("generate"). Classify, score and extract are
 * generations held to a grammar: one of the labels, a number in range, JSON that fits a schema.
 */
public enum TaskKind {
  GENERATE, CHAT, EMBED, CLASSIFY, SUMMARIZE, SCORE, EXTRACT;

  /** The valid wire names, for error messages: "generate, chat, embed, classify, summarize, score, extract". */
  public static final String WIRE_NAMES =
      Arrays.stream(values()).map(TaskKind::wire).collect(Collectors.joining(", "));

  /** True when the task produces text by decoding tokens (everything but embeddings). */
  public boolean generative() {
    return this != EMBED;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, case-insensitively (for query parameters and config). */
  public static TaskKind parse(String name) {
    for (TaskKind kind : values()) {
      if (kind.wire().equalsIgnoreCase(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown kind '" + name + "'; expected one of " + WIRE_NAMES);
  }
}
