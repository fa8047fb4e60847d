package dev.mesh.protocol.task;

/**
 * Constraints on where a task may run, all optional: an exact model id, a model family
 * (e.g. "llama"), a minimum context length in tokens, whether it must stay on the user's own
 * machines (never a remote engine), the routing objective (fastest, greenest, balanced; default:
 * the entry node's), whether to wait for a capable node instead of failing when none is up, and the tier of
 * model (e.g. light, heavy: as the nodes' models declare it) when any model of that tier will do.
 */
public record Requirements(String model, String family, Integer minContext, boolean localOnly, String objective,
    boolean waitForNode, String tier) {
  public static final java.util.List<String> OBJECTIVES = java.util.List.of("fastest", "greenest", "balanced");

  public Requirements(String model, String family, Integer minContext, boolean localOnly) {
    this(model, family, minContext, localOnly, null, false, null);
  }

  public Requirements(String model, String family, Integer minContext, boolean localOnly, String objective,
      boolean waitForNode) {
    this(model, family, minContext, localOnly, objective, waitForNode, null);
  }

  public static Requirements none() {
    return new Requirements(null, null, null, false);
  }
}
