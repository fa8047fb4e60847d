package dev.mesh.protocol.advert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a node takes new work: up, draining (finishing, taking none), degraded (see reason). */
public enum NodeState {
  UP, DRAINING, DEGRADED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
