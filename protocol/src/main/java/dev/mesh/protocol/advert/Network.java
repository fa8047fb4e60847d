package dev.mesh.protocol.advert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a model's engine runs, as routing's policy sees it: on the node's own machine ({@code local}: its bundled
 * engine, or an Ollama beside it), on another machine of the household ({@code lan}), or outside it ({@code cloud}:
 * paid, metered, and never for a task that must stay local).
 */
public enum Network {
  LOCAL, LAN, CLOUD;

  public static final String WIRE_NAMES = Arrays.stream(values()).map(Network::wire).collect(Collectors.joining(", "));

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Network parse(String name) {
    for (Network n : values()) {
      if (n.wire().equalsIgnoreCase(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("unknown network '" + name + "'; expected one of " + WIRE_NAMES);
  }
}
