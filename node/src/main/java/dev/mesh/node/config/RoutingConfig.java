package dev.mesh.node.config;

import java.util.List;

/**
 * How this node routes the tasks that enter it: the objective, hops, what a task bound for a remote that is out
 * does by default ({@code fallback}: local or wait), the kinds that never leave the household unless a task says
 * otherwise ({@code localOnlyKinds}, e.g. embed: documents stay home, and vectors from another model would not
 * match the index anyway), and the mesh's daily cloud budget in tokens and in cost (0: none; set the same on
 * every node). {@code policy} is for benchmarks and diagnosis: {@code router} (the default) places each task by its
 * estimates, {@code round-robin} and {@code least-busy} are the baselines the router is measured against.
 * {@code rebalance} (on by default, router only): a node moves a task waiting in its queue to another node that would
 * finish it clearly sooner — estimates made in a burst, before any task ended, are corrected as the nodes work.
 */
public record RoutingConfig(String objective, int hopLimit, long hopTimeoutMs, String fallback,
    List<String> localOnlyKinds, long cloudDailyTokens, double cloudDailyCost, String policy, boolean rebalance) {
  public static final int DEFAULT_HOP_LIMIT = 3;
  /** Long enough for a busy member to answer, short enough that a frozen one doesn't stall routing. */
  public static final long DEFAULT_HOP_TIMEOUT_MS = 3000;

  public static final String DEFAULT_POLICY = "router";

  public RoutingConfig {
    localOnlyKinds = localOnlyKinds == null ? List.of() : List.copyOf(localOnlyKinds);
  }

  public RoutingConfig(String objective, int hopLimit, long hopTimeoutMs, String fallback,
      List<String> localOnlyKinds, long cloudDailyTokens, double cloudDailyCost, String policy) {
    this(objective, hopLimit, hopTimeoutMs, fallback, localOnlyKinds, cloudDailyTokens, cloudDailyCost, policy, true);
  }

  public RoutingConfig(String objective, int hopLimit, long hopTimeoutMs, String fallback,
      List<String> localOnlyKinds, long cloudDailyTokens, double cloudDailyCost) {
    this(objective, hopLimit, hopTimeoutMs, fallback, localOnlyKinds, cloudDailyTokens, cloudDailyCost,
        DEFAULT_POLICY);
  }

  public RoutingConfig(String objective, int hopLimit, long hopTimeoutMs) {
    this(objective, hopLimit, hopTimeoutMs, "local", List.of("embed"), 0, 0);
  }

  public static RoutingConfig defaults() {
    return new RoutingConfig("fastest", DEFAULT_HOP_LIMIT, DEFAULT_HOP_TIMEOUT_MS);
  }
}
