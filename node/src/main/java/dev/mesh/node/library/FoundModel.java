package dev.mesh.node.library;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** A model file already on this machine's disk, usable where it lies, under the name its source shows. */
public record FoundModel(String name, Path path, Source source) {

  /** Where a model was found. */
  public enum Source {
    OLLAMA, FOLDER;

    /** The name on the wire and in JSON: {@code ollama}, {@code folder}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public FoundModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(source, "source");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank (path " + path + ")");
    }
  }
}
