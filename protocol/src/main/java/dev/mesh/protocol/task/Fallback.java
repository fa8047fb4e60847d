package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a task bound for a remote engine does while that remote is out: run on the best local model that serves its
 * kind, labelled ({@code local}), or wait, durably, until the remote answers again or its deadline passes
 * ({@code wait}).
 */
public enum Fallback {
  LOCAL, WAIT;

  public static final String WIRE_NAMES = Arrays.stream(values()).map(Fallback::wire).collect(Collectors.joining(", "));

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Fallback parse(String name) {
    for (Fallback f : values()) {
      if (f.wire().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown fallback '" + name + "'; expected one of " + WIRE_NAMES);
  }

  /** Whether the name is one of the wire names (any case). */
  public static boolean known(String name) {
    return Arrays.stream(values()).anyMatch(f -> f.wire().equalsIgnoreCase(name));
  }
}
