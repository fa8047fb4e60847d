package dev.mesh.protocol.task;

/**
 * Constraints on where a task may run, all optional: an exact model id, a model family
 * (e.g. "llama"), a minimum context length in tokens, and whether it must stay on the
 * user's own machines (never a remote engine).
 */
public record Requirements(String model, String family, Integer minContext, boolean localOnly) {
  public static Requirements none() {
    return new Requirements(null, null, null, false);
  }
}
