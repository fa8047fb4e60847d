package dev.mesh.node.config;

import java.util.List;

/**
 * Who may call the node's API. With no {@code apiKeys} the API is open (a node on 127.0.0.1 by default);
 * with any, {@code /v1/*} and {@code /cluster/*} need {@code Authorization: Bearer <key>}. Webhooks check their
 * own secrets; {@code /health} stays open for service managers and load balancers.
 */
public record AuthConfig(List<ApiKeyConfig> apiKeys) {
  public static AuthConfig defaults() {
    return new AuthConfig(List.of());
  }

  public boolean enabled() {
    return apiKeys != null && !apiKeys.isEmpty();
  }
}
