package dev.mesh.protocol.task;

/**
 * Constraints on where a task may run, all optional: an exact model id, a model family
 * (e.g. "llama"), a minimum context length in tokens, whether it must stay on the user's own
 * machines (never a remote engine), the routing objective (fastest, greenest, balanced; default:
 * the entry node's), whether to wait for a capable node instead of failing when none is up, and the tier of
 * model (e.g. light, heavy: as the nodes' models declare it) when any model of that tier will do. Cloud models
 * serve a task only when no local or LAN model can, unless it says {@code allowCloud} (then they compete on their
 * estimates); {@code fallback} ({@link Fallback}: local or wait; default the entry node's) says what it does while
 * the remote it is bound for is out.
 */
public record Requirements(String model, String family, Integer minContext, boolean localOnly, String objective,
    boolean waitForNode, String tier, boolean allowCloud, String fallback) {
  public static final java.util.List<String> OBJECTIVES = java.util.List.of("fastest", "greenest", "balanced");

  public Requirements(String model, String family, Integer minContext, boolean localOnly) {
    this(model, family, minContext, localOnly, null, false, null, false, null);
  }

  public Requirements(String model, String family, Integer minContext, boolean localOnly, String objective,
      boolean waitForNode) {
    this(model, family, minContext, localOnly, objective, waitForNode, null);
  }

  public Requirements(String model, String family, Integer minContext, boolean localOnly, String objective,
      boolean waitForNode, String tier) {
    this(model, family, minContext, localOnly, objective, waitForNode, tier, false, null);
  }

  /** The same, kept on the user's own machines. */
  public Requirements withLocalOnly() {
    return new Requirements(model, family, minContext, true, objective, waitForNode, tier, allowCloud, fallback);
  }

  /** The task's fallback, or null when it names none (the entry node's default applies). */
  public Fallback fallbackOrNull() {
    return fallback == null ? null : Fallback.parse(fallback);
  }

  public static Requirements none() {
    return new Requirements(null, null, null, false);
  }
}
