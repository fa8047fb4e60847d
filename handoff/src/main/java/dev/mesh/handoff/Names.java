package dev.mesh.handoff;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names in the shared folder. A task id or node name becomes part of a path, so only a plain name is
 * accepted: letters, digits, dot, dash, underscore, not starting with a dot, at most 128 characters —
 * nothing that could climb out of its folder or hide as a temp file.
 */
public final class Names {
  public static final String SUFFIX = ".json";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private Names() {}

  public static boolean safe(String name) {
    return name != null && SAFE.matcher(name).matches() && !name.contains("..");
  }

  public static String requireSafe(String what, String name) {
    if (!safe(name)) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a plain name (letters, digits, '.', '-', '_';"
          + " not starting with '.'; at most 128 characters)");
    }
    return name;
  }

  public static String fileOf(String id) {
    return requireSafe("task id", id) + SUFFIX;
  }

  /** The task id a file name stands for, if it is {@code <plain name>.json}. */
  public static Optional<String> idOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String id = name.substring(0, name.length() - SUFFIX.length());
    return safe(id) ? Optional.of(id) : Optional.empty();
  }

  /** In-flight temp files and other hidden names: never read, never quarantined. */
  static boolean hidden(Path file) {
    return file.getFileName().toString().startsWith(".");
  }
}
