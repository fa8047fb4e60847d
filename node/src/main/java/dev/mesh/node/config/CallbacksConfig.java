package dev.mesh.node.config;

/**
 * Callbacks a task asks for itself ({@code "callback"} in {@code POST /v1/tasks}) are signed with this secret,
 * the way hook callbacks are signed with their hook's. Unset: tasks may not ask for callbacks.
 */
public record CallbacksConfig(String secret) {
  public static CallbacksConfig defaults() {
    return new CallbacksConfig(null);
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "CallbacksConfig[secret=" + (secret == null ? "unset" : "set") + "]";
  }
}
