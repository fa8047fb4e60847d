package dev.mesh.protocol.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Scores eligible models under an objective, keeps each node's best, and orders nodes best first. */
final class Ranking {
  /** Floor for the balanced normalisers: a zero-second estimate must not divide by zero. */
  static final double MIN_NORMALIZER = 1e-9;

  private static final Comparator<Scored> BEST_FIRST = Comparator.comparingInt(Scored::tier)
      .thenComparingDouble(Scored::score)
      .thenComparingDouble(s -> s.estimate().backlogSeconds())
      .thenComparing(s -> s.estimate().nodeId())
      .thenComparing(s -> s.estimate().modelId(), Comparator.nullsFirst(Comparator.naturalOrder()));

  private Ranking() {}

  /**
   * Tier 1 holds what must rank after everything in tier 0 whatever its score: under greenest,
   * models on nodes whose watts are unknown (scored by seconds among themselves).
   */
  private record Scored(Estimate estimate, int tier, double score) {
    Candidate toCandidate() {
      Estimate e = estimate;
      return Candidate.eligible(e.nodeId(), e.nodeName(), e.modelId(), e.seconds(), e.joules(), score);
    }
  }

  static List<Candidate> rank(Objective objective, List<Estimate> estimates) {
    Scorer scorer = new Scorer(objective, estimates);
    Map<String, Scored> bestPerNode = new TreeMap<>();
    for (Estimate e : estimates) {
      bestPerNode.merge(e.nodeId(), scorer.score(e), (a, b) -> BEST_FIRST.compare(a, b) <= 0 ? a : b);
    }
    return bestPerNode.values().stream().sorted(BEST_FIRST).map(Scored::toCandidate).toList();
  }

  private static final class Scorer {
    private final Objective objective;
    private final double minSeconds;
    private final double minJoules;
    private final boolean allWattsKnown;

    Scorer(Objective objective, List<Estimate> estimates) {
      this.objective = objective;
      this.minSeconds = estimates.stream().mapToDouble(Estimate::seconds).min().orElse(1);
      this.allWattsKnown = estimates.stream().allMatch(e -> e.joules() != null);
      this.minJoules = allWattsKnown ? estimates.stream().mapToDouble(Estimate::joules).min().orElse(1) : 1;
    }

    Scored score(Estimate e) {
      return switch (objective) {
        case FASTEST -> new Scored(e, 0, e.seconds());
        case GREENEST -> e.joules() == null ? new Scored(e, 1, e.seconds()) : new Scored(e, 0, e.joules());
        case BALANCED -> new Scored(e, 0, balanced(e));
      };
    }

    // Each term is 1 for the best model on it; with any watts unknown, time alone for everyone.
    private double balanced(Estimate e) {
      double time = e.seconds() / Math.max(minSeconds, MIN_NORMALIZER);
      return allWattsKnown ? time + e.joules() / Math.max(minJoules, MIN_NORMALIZER) : time;
    }
  }
}
