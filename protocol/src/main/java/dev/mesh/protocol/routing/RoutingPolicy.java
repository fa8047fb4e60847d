package dev.mesh.protocol.routing;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.NodeAdvert;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who picks among the nodes the router found able to run a task: the router itself (the lowest score under the
 * objective), or a baseline to measure it against — round-robin (each eligible node in turn, by id) or least-busy
 * (the fewest tasks running and waiting). The baselines are for benchmarks and diagnosis, not for a household.
 */
public enum RoutingPolicy {
  ROUTER, ROUND_ROBIN, LEAST_BUSY;

  public static final String WIRE_NAMES =
      Arrays.stream(values()).map(RoutingPolicy::wire).collect(Collectors.joining(", "));

  /** "router", "round-robin", "least-busy". */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static RoutingPolicy parse(String name) {
    return Arrays.stream(values()).filter(p -> p.wire().equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown routing policy '" + name + "'; expected one of "
            + WIRE_NAMES));
  }

  public static boolean known(String name) {
    return Arrays.stream(values()).anyMatch(p -> p.wire().equalsIgnoreCase(name));
  }

  /**
   * The decision with this policy's pick as the chosen node (an unroutable decision as it is).
   *
   * @param adverts the adverts the router was given (their load, with work sent since, is what least-busy reads)
   * @param turn    how many tasks this node placed before: round-robin's position
   */
  public RouteDecision choose(RouteDecision decision, Collection<NodeAdvert> adverts, long turn) {
    if (this == ROUTER || !decision.routable()) {
      return decision;
    }
    List<Candidate> eligible = decision.candidates().stream().filter(Candidate::eligible).toList();
    Candidate pick = this == ROUND_ROBIN
        ? eligible.stream().sorted(Comparator.comparing(Candidate::nodeId)).toList()
            .get((int) Math.floorMod(turn, (long) eligible.size()))
        : leastBusy(eligible, adverts);
    return decision.withChosen(pick);
  }

  /** Fewest tasks running and waiting; a tie goes to the router's order (the candidates are best first). */
  private static Candidate leastBusy(List<Candidate> eligible, Collection<NodeAdvert> adverts) {
    Map<String, Load> loads = adverts.stream().filter(a -> a.load() != null)
        .collect(Collectors.toMap(NodeAdvert::id, NodeAdvert::load, (a, b) -> b));
    Function<Candidate, Integer> tasks = c -> {
      Load l = loads.get(c.nodeId());
      return l == null ? Integer.MAX_VALUE : l.running() + l.queued();
    };
    return eligible.stream().min(Comparator.comparing(tasks)).orElseThrow();
  }
}
