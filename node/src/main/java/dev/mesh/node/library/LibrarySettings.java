package dev.mesh.node.library;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where discovery looks.
 *
 * @param ollama       whether to list Ollama's model store
 * @param ollamaModels the store's folder, or null to find it as Ollama does
 * @param dirs         folders whose {@code *.gguf} files are models, in order of precedence
 */
public record LibrarySettings(boolean ollama, Path ollamaModels, List<Path> dirs) {

  public LibrarySettings {
    Objects.requireNonNull(dirs, "dirs (use an empty list for none)");
    dirs = List.copyOf(dirs);
  }
}
