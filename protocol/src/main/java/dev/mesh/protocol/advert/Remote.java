package dev.mesh.protocol.advert;

import java.time.Instant;
import java.util.Objects;

/**
 * The remote engine a model is served by (an Ollama or OpenAI-compatible server the advertising node calls), as
 * measured by that node: its {@code circuit} ({@code openUntil} while open: when it is probed again, and
 * {@code outage}, why it opened), the rate of failed calls and the seconds to a first token (EWMAs over real
 * calls), the seconds of work already waiting for it, and whether the mesh's daily cloud budget is spent. Never
 * its URL's credentials nor its key.
 */
public record Remote(
    String name,
    String api,
    Network network,
    Circuit circuit,
    Instant openUntil,
    String outage,
    double errorRate,
    double firstTokenSeconds,
    double backlogSeconds,
    boolean budgetSpent) {

  public Remote {
    Objects.requireNonNull(name, "name must not be null");
    network = network == null ? Network.CLOUD : network; // unknown: the most careful reading
    circuit = circuit == null ? Circuit.CLOSED : circuit;
  }

  public boolean cloud() {
    return network == Network.CLOUD;
  }

  /** Why routing can't send it a task now, or null: its circuit is open, or (for a cloud one) the budget is spent. */
  public String unavailableBecause() {
    if (!circuit.admits()) {
      return "remote " + name + " is out (" + (outage == null ? "circuit open" : outage) + ")";
    }
    return cloud() && budgetSpent ? "the daily cloud budget is spent" : null;
  }
}
