package dev.mesh.protocol.routing;

import dev.mesh.protocol.task.RouteNote;
import java.util.Objects;

/** Why a node or a model is out: a code for decisions, the words for people. */
public record Exclusion(RouteNote.Out code, String text) {
  public Exclusion {
    Objects.requireNonNull(code, "code must not be null");
    Objects.requireNonNull(text, "text must not be null");
  }

  static Exclusion of(RouteNote.Out code) {
    return new Exclusion(code, code.words());
  }
}
