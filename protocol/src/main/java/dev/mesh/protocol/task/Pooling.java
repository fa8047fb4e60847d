package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * How an embedding model turns its token vectors into one: llama.cpp's pooling types, with GGUF's ids
 * ({@code <arch>.pooling_type}). {@code last} is the sentence vector of a decoder-only model.
 */
public enum Pooling {
  NONE(0), MEAN(1), CLS(2), LAST(3), RANK(4);

  private final int ggufId;

  Pooling(int ggufId) {
    this.ggufId = ggufId;
  }

  public int ggufId() {
    return ggufId;
  }

  /** The pooling a GGUF id names; empty for an id llama.cpp does not know (or -1, unspecified). */
  public static Optional<Pooling> ofGgufId(long id) {
    for (Pooling p : values()) {
      if (p.ggufId == id) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
