package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How soon a task should start among the others queued for its engine; lowercase on the wire ("batch"). A person
 * waits for an interactive task (the OpenAI and Ollama APIs), for a batch one nobody does (hook jobs); the mesh
 * API's tasks are normal unless they say otherwise. Declared highest first: {@link #ordinal()} is the rank.
 */
public enum Priority {
  INTERACTIVE, NORMAL, BATCH;

  /** The valid wire names, for error messages: "interactive, normal, batch". */
  public static final String WIRE_NAMES = Arrays.stream(values()).map(Priority::wire).collect(Collectors.joining(", "));

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, case-insensitively (headers and config). */
  public static Priority parse(String name) {
    for (Priority p : values()) {
      if (p.wire().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown priority '" + name + "'; expected one of " + WIRE_NAMES);
  }

  /** The class {@code steps} above this one, never above interactive: what waiting earns a queued task. */
  public Priority raisedBy(long steps) {
    return values()[(int) Math.max(0, ordinal() - Math.min(steps, ordinal()))];
  }

  /** Whether a task of this class is served before one of {@code other} (same class: neither is). */
  public boolean above(Priority other) {
    return ordinal() < other.ordinal();
  }
}
