package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A routing decision in structured form, kept on its {@code routed} hop beside the sentence people read: every
 * node considered, its estimate when it was eligible, and the codes of why it was out when it was not. Reports
 * and decisions read this; nothing reads the sentence. {@code policy} names the baseline that chose when it was not
 * the router ({@code round-robin}, {@code least-busy}; null: the router): a baseline's placement is kept as it made it.
 */
public record RouteNote(String objective, List<Option> options, Degraded degraded, String policy) {

  public RouteNote {
    options = options == null ? List.of() : List.copyOf(options);
  }

  public RouteNote(String objective, List<Option> options, Degraded degraded) {
    this(objective, options, degraded, null);
  }

  public RouteNote(String objective, List<Option> options) {
    this(objective, options, null);
  }

  /** The same decision, made in place of one for a remote that is out. */
  public RouteNote degradedFrom(Degraded degradation) {
    return new RouteNote(objective, options, degradation, policy);
  }

  /** The same decision, chosen by a baseline policy instead of the router ({@code policyWire}: its wire name). */
  public RouteNote chosenBy(String policyWire) {
    return new RouteNote(objective, options, degraded, policyWire);
  }

  /** Whether the router chose (not a baseline). */
  public boolean byRouter() {
    return policy == null;
  }

  /** One node as routing saw it; {@code out} is empty when it was eligible. */
  public record Option(String node, Double estimatedSeconds, boolean chosen, Set<Out> out, String model) {
    public Option {
      out = out == null ? Set.of() : Set.copyOf(out);
    }

    /** An option that names no model. */
    public Option(String node, Double estimatedSeconds, boolean chosen, Set<Out> out) {
      this(node, estimatedSeconds, chosen, out, null);
    }
  }

  /** The model routing chose on the node it chose; empty when it chose none. */
  public java.util.Optional<String> chosenModel() {
    return options.stream().filter(Option::chosen).map(Option::model).filter(java.util.Objects::nonNull).findFirst();
  }

  /** Why a node (or every model on it) was out. */
  public enum Out {
    ALREADY_VISITED, DRAINING, NO_LOCAL_ENGINE, INCOMPLETE_ADVERT, NO_MODELS, NOT_LOADED, WRONG_KIND, OTHER_MODEL,
    OTHER_FAMILY, OTHER_TIER, CONTEXT_TOO_SMALL, NOT_ENOUGH_RAM, SPEED_NOT_MEASURED,
    /** A cloud model, and the task must stay on the user's machines. */
    LOCAL_ONLY,
    /** A cloud model held back: a local or LAN model serves the task, and it did not say allowCloud. */
    CLOUD_HELD_BACK,
    /** Its remote engine is out: circuit open. */
    REMOTE_DOWN,
    /** A cloud model, and the mesh's daily cloud budget is spent. */
    BUDGET_SPENT;

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
