package dev.mesh.node.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Models already on this machine's disk that the node serves where they lie, beside those under {@code models}:
 * Ollama's store ({@code ollama}; its folder found as Ollama finds it, or {@code ollamaModels}) and every
 * {@code *.gguf} in {@code dirs}. They load only when a task needs them.
 */
public record LibraryConfig(boolean ollama, String ollamaModels, List<String> dirs) {

  public LibraryConfig {
    dirs = dirs == null ? List.of() : List.copyOf(dirs);
  }

  public static LibraryConfig defaults() {
    return new LibraryConfig(true, null, List.of());
  }

  /** The configured Ollama folder with {@code ~} expanded; null: find it as Ollama does. */
  public Path ollamaModelsPath() {
    return ollamaModels == null || ollamaModels.isBlank() ? null : ConfigPaths.expand(ollamaModels);
  }

  public List<Path> dirPaths() {
    return dirs.stream().map(ConfigPaths::expand).toList();
  }
}
