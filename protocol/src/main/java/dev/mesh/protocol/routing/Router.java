package dev.mesh.protocol.routing;

import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Picks the node for a task (docs/architecture.md, routing): filters every advertised node, scores each
 * eligible model, and chooses the lowest score; ties go to the lower backlog, then the lower id.
 * Pure and deterministic: the same request and adverts give the same decision in any order.
 */
public final class Router {
  // Two adverts for one node: the later publication wins, as in the registry.
  private static final Comparator<NodeAdvert> OLDEST_FIRST = Comparator.comparingLong(NodeAdvert::sequence)
      .thenComparing(NodeAdvert::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(NodeAdvert::toString);
  private static final Comparator<Candidate> BY_NODE =
      Comparator.comparing(Candidate::nodeId).thenComparing(Candidate::excludedBy);


  private Router() {}

  /**
   * Local first: cloud models compete only when the task allows it, or when no local or LAN model can serve it; a
   * local-only task never reaches one. Null adverts or visited ids read as none; null elements are skipped.
   */
  public static RouteDecision route(
      RouteRequest request, Collection<NodeAdvert> adverts, Set<String> visitedNodeIds) {
    return route(request, adverts, visitedNodeIds, Outages.HEEDED);
  }

  /**
   * Where the task would go were every remote up and the cloud budget unspent: when that is a remote that is out,
   * the task is one the outage rule (degrade or wait) is for, and this names what it wanted.
   */
  public static RouteDecision routeIgnoringOutages(
      RouteRequest request, Collection<NodeAdvert> adverts, Set<String> visitedNodeIds) {
    return route(request, adverts, visitedNodeIds, Outages.IGNORED);
  }

  private static RouteDecision route(
      RouteRequest request, Collection<NodeAdvert> adverts, Set<String> visitedNodeIds, Outages outages) {
    Objects.requireNonNull(request, "request must not be null");
    Set<String> visited = visitedNodeIds == null ? Set.of() : visitedNodeIds;
    Collection<NodeAdvert> newest = newestPerNode(adverts);
    if (!request.localOnly() && !request.allowCloud()) {
      RouteDecision localFirst = pass(request, newest, visited, new Policy(CloudUse.HELD_BACK, outages));
      if (localFirst.routable()) {
        return localFirst.withHeldBack(cloudModelsThatFit(request, newest, visited, outages));
      }
    }
    return pass(request, newest, visited, new Policy(request.localOnly() ? CloudUse.NEVER : CloudUse.COMPETES,
        outages));
  }

  private static RouteDecision pass(RouteRequest request, Collection<NodeAdvert> adverts, Set<String> visited,
      Policy policy) {
    List<Estimate> eligible = new ArrayList<>();
    List<Candidate> excluded = new ArrayList<>();
    for (NodeAdvert advert : adverts) {
      Exclusion nodeOut = Exclusions.node(advert, visited);
      List<Estimate> fits = new ArrayList<>();
      List<Exclusion> why = nodeOut != null ? List.of(nodeOut) : checkModels(advert, request, policy, fits);
      if (fits.isEmpty()) {
        excluded.add(Candidate.excluded(advert.id(), advert.name(), why));
      }
      eligible.addAll(fits);
    }
    List<Candidate> candidates = new ArrayList<>(Ranking.rank(request.objective(), eligible));
    Candidate chosen = candidates.isEmpty() ? null : candidates.get(0);
    excluded.sort(BY_NODE);
    candidates.addAll(excluded);
    return new RouteDecision(request.objective(), candidates, chosen);
  }

  /** Adds the node's eligible models to fits; returns why each other model is out (its text names the model). */
  private static List<Exclusion> checkModels(NodeAdvert advert, RouteRequest request, Policy policy,
      List<Estimate> fits) {
    List<Exclusion> reasons = new ArrayList<>();
    for (ModelInfo m : advert.models()) {
      Exclusion reason = Exclusions.model(m, request, advert, policy);
      if (reason == null) {
        Estimate e = Estimate.of(advert, m, request);
        if (e.finite()) {
          fits.add(e);
          continue;
        }
        reason = Exclusions.SPEED_NOT_MEASURED;
      }
      reasons.add(new Exclusion(reason.code(), modelName(m) + ": " + reason.text()));
    }
    return reasons;
  }

  /** Cloud models that would have been eligible had they competed: named in the explanation. */
  private static List<String> cloudModelsThatFit(RouteRequest request, Collection<NodeAdvert> adverts,
      Set<String> visited, Outages outages) {
    Policy competing = new Policy(CloudUse.COMPETES, outages);
    List<String> fit = new ArrayList<>();
    for (NodeAdvert a : adverts) {
      if (Exclusions.node(a, visited) == null) {
        a.models().stream().filter(m -> m.viaRemote() && m.remote().cloud())
            .filter(m -> Exclusions.model(m, request, a, competing) == null).map(Router::modelName).forEach(fit::add);
      }
    }
    return fit;
  }

  private static String modelName(ModelInfo m) {
    return m.id() != null ? m.id() : m.file() != null ? m.file() : "unnamed model";
  }

  private static Collection<NodeAdvert> newestPerNode(Collection<NodeAdvert> adverts) {
    Map<String, NodeAdvert> newest = new LinkedHashMap<>();
    if (adverts != null) {
      adverts.stream().filter(Objects::nonNull)
          .forEach(a -> newest.merge(a.id(), a, (x, y) -> OLDEST_FIRST.compare(x, y) >= 0 ? x : y));
    }
    return newest.values();
  }
}
