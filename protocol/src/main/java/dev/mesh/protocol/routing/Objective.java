package dev.mesh.protocol.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What routing minimises: time, energy (joules), or both; lowercase on the wire ("fastest"). */
public enum Objective {
  FASTEST, GREENEST, BALANCED;

  /** The valid wire names, for error messages: "fastest, greenest, balanced". */
  public static final String WIRE_NAMES =
      Arrays.stream(values()).map(Objective::wire).collect(Collectors.joining(", "));

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, case-insensitively (for JSON, query parameters and config). */
  @JsonCreator
  public static Objective parse(String name) {
    for (Objective objective : values()) {
      if (objective.wire().equalsIgnoreCase(name)) {
        return objective;
      }
    }
    throw new IllegalArgumentException(name == null
        ? "objective is missing; expected one of " + WIRE_NAMES
        : "unknown objective '" + name + "'; expected one of " + WIRE_NAMES);
  }
}
