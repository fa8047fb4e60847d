package dev.mesh.node.config;

import java.nio.file.Path;

/** Paths as users write them in YAML: {@code ~/x} means the home folder. */
public final class ConfigPaths {
  private ConfigPaths() {}

  public static Path expand(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }
}
