package dev.mesh.node.config;

import java.nio.file.Path;

/** One GGUF the node serves; {@code id} defaults to the file name, {@code contextTokens} to the engine's. */
public record ModelConfig(String path, String id, Integer contextTokens) {
  public Path filePath() {
    return ConfigPaths.expand(path);
  }
}
