package dev.mesh.protocol.advert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A remote engine's circuit breaker: {@code closed} (calls go through), {@code open} (it failed: no calls until its
 * cooldown passes and a probe answers), {@code half_open} (a probe answered: one task at a time tries it).
 */
public enum Circuit {
  CLOSED, OPEN, HALF_OPEN;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether routing may send it a task. */
  public boolean admits() {
    return this != OPEN;
  }
}
