package dev.mesh.node.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One model a remote serves, by the remote's name for it ({@code id}); the task kinds it serves (default: every
 * kind but embed), more names tasks may use, its tier, and its context in tokens (default {@link #DEFAULT_CONTEXT}).
 * A bare string is a model with the defaults.
 */
public record RemoteModelConfig(String id, List<String> kinds, String tier, List<String> aliases,
    Integer contextTokens) {
  public static final int DEFAULT_CONTEXT = 8192;

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public RemoteModelConfig(@JsonProperty("id") String id, @JsonProperty("kinds") List<String> kinds,
      @JsonProperty("tier") String tier, @JsonProperty("aliases") List<String> aliases,
      @JsonProperty("contextTokens") Integer contextTokens) {
    this.id = id;
    this.kinds = kinds == null ? List.of() : List.copyOf(kinds);
    this.tier = tier;
    this.aliases = aliases == null ? List.of() : List.copyOf(aliases);
    this.contextTokens = contextTokens;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RemoteModelConfig named(String id) {
    return new RemoteModelConfig(id, null, null, null, null);
  }

  public int contextOrDefault() {
    return contextTokens == null ? DEFAULT_CONTEXT : contextTokens;
  }
}
