package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A routing decision in structured form, kept on its {@code routed} hop beside the sentence people read: every
 * node considered, its estimate when it was eligible, and the codes of why it was out when it was not. Reports
 * and decisions read this; nothing reads the sentence.
 */
public record RouteNote(String objective, List<Option> options) {

  public RouteNote {
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** One node as routing saw it; {@code out} is empty when it was eligible. */
  public record Option(String node, Double estimatedSeconds, boolean chosen, Set<Out> out) {
    public Option {
      out = out == null ? Set.of() : Set.copyOf(out);
    }
  }

  /** Why a node (or every model on it) was out. */
  public enum Out {
    ALREADY_VISITED, DRAINING, NO_LOCAL_ENGINE, INCOMPLETE_ADVERT, NO_MODELS, NOT_LOADED, WRONG_KIND, OTHER_MODEL,
    OTHER_FAMILY, CONTEXT_TOO_SMALL, NOT_ENOUGH_RAM, SPEED_NOT_MEASURED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The code as words, for a short report ("no local engine"). */
    public String words() {
      return wire().replace('_', ' ');
    }
  }
}
