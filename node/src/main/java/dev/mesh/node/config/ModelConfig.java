package dev.mesh.node.config;

import java.util.List;
import java.nio.file.Path;

/**
 * One GGUF the node serves; {@code id} defaults to the file name without .gguf, {@code contextTokens} to the
 * engine's. {@code kinds} are the task kinds it serves (default: {@code embed} for an embedding-only GGUF, else
 * every kind — {@link dev.mesh.node.inference.ModelRoles}); {@code aliases} are more names tasks may use for it;
 * {@code tier} (e.g. {@code light}, {@code heavy}) lets a task ask for a class of model rather than one.
 */
public record ModelConfig(String path, String id, Integer contextTokens, List<String> kinds, List<String> aliases,
    String tier) {

  public ModelConfig {
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  public ModelConfig(String path, String id, Integer contextTokens) {
    this(path, id, contextTokens, null, null, null);
  }

  public Path filePath() {
    return ConfigPaths.expand(path);
  }

  /** The id tasks name this model by. */
  public String effectiveId() {
    if (id != null) {
      return id;
    }
    String name = filePath().getFileName().toString();
    return name.toLowerCase().endsWith(".gguf") ? name.substring(0, name.length() - ".gguf".length()) : name;
  }
}
