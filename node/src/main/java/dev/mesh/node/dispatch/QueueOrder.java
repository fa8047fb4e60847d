package dev.mesh.node.dispatch;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a node orders the tasks waiting for an engine ({@code limits.queueOrder}): by priority class with aging
 * ({@link PriorityLanes}), or in arrival order alone, every class alike (what mesh did before it had priorities).
 */
public enum QueueOrder {
  PRIORITY, ARRIVAL;

  public static final String WIRE_NAMES = Arrays.stream(values()).map(QueueOrder::wire)
      .collect(Collectors.joining(", "));

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static QueueOrder parse(String name) {
    for (QueueOrder o : values()) {
      if (o.wire().equalsIgnoreCase(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown queue order '" + name + "'; expected one of " + WIRE_NAMES);
  }

  public static boolean known(String name) {
    return Arrays.stream(values()).anyMatch(o -> o.wire().equalsIgnoreCase(name));
  }
}
