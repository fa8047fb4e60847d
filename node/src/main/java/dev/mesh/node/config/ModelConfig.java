package dev.mesh.node.config;

import java.nio.file.Path;

/** One GGUF the node serves; {@code id} defaults to the file name without .gguf, {@code contextTokens} to the engine's. */
public record ModelConfig(String path, String id, Integer contextTokens) {
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
