package dev.mesh.node.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one node is told by its YAML file (then {@code MESH_*} variables, then flags).
 * Field names are the YAML keys; defaults live in each section's {@code defaults()}.
 */
public record NodeConfig(
    String name,
    String profile,
    String dataDir,
    HttpConfig http,
    ClusterConfig cluster,
    EngineConfig engine,
    List<ModelConfig> models,
    MemoryConfig memory,
    PowerConfig power,
    LimitsConfig limits,
    RoutingConfig routing,
    HandoffConfig handoff,
    AuthConfig auth,
    List<HookConfig> hooks,
    CallbacksConfig callbacks,
    RetentionConfig retention,
    LibraryConfig library,
    List<RemoteConfig> remotes,
    SecurityConfig security) {

  public static NodeConfig defaults(String hostName) {
    return new NodeConfig(
        hostName,
        null,
        "~/.mesh/" + hostName,
        HttpConfig.defaults(),
        ClusterConfig.defaults(),
        EngineConfig.defaults(),
        List.of(),
        MemoryConfig.defaults(),
        PowerConfig.defaults(),
        LimitsConfig.defaults(),
        RoutingConfig.defaults(),
        HandoffConfig.defaults(),
        AuthConfig.defaults(),
        List.of(),
        CallbacksConfig.defaults(),
        RetentionConfig.defaults(),
        LibraryConfig.defaults(),
        List.of(),
        SecurityConfig.defaults());
  }

  public NodeConfig {
    remotes = remotes == null ? List.of() : List.copyOf(remotes);
    security = security == null ? SecurityConfig.defaults() : security;
  }

  /** The same settings serving these models. */
  public NodeConfig withModels(List<ModelConfig> newModels) {
    return new NodeConfig(name, profile, dataDir, http, cluster, engine, newModels, memory, power, limits, routing,
        handoff, auth, hooks, callbacks, retention, library, remotes, security);
  }

  /** The data folder with a leading {@code ~} expanded to the user's home. */
  public Path dataPath() {
    return ConfigPaths.expand(dataDir);
  }
}
