package dev.mesh.node.config;

import java.util.List;

/**
 * Callbacks a task asks for itself ({@code "callback"} in {@code POST /v1/tasks}) are signed with this secret,
 * the way hook callbacks are signed with their hook's. Unset: tasks may not ask for callbacks. They may go only to
 * a URL under one of {@code allow} (scheme, host, port, and a path prefix; default: the hooks' own callbacks), so a
 * submit key can't make the node POST to any address on the LAN.
 */
public record CallbacksConfig(String secret, List<String> allow) {
  public CallbacksConfig {
    allow = allow == null ? List.of() : List.copyOf(allow);
  }

  public CallbacksConfig(String secret) {
    this(secret, List.of());
  }

  public static CallbacksConfig defaults() {
    return new CallbacksConfig(null, List.of());
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "CallbacksConfig[secret=" + (secret == null ? "unset" : "set") + ", allow=" + allow + "]";
  }
}
