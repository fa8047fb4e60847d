package dev.mesh.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JVM options the {@code mesh} launcher starts a node with, read from the script so they can't drift. */
public final class LauncherOptions {
  private static final Pattern DEFAULT_OPTS = Pattern.compile("^\\s*default_opts=\"([^\"]*)\"", Pattern.MULTILINE);

  private LauncherOptions() {}

  public static List<String> read(Path launcher) throws IOException {
    Matcher m = DEFAULT_OPTS.matcher(Files.readString(launcher));
    if (!m.find()) {
      throw new IOException(launcher + " has no default_opts=\"...\" line to read the node's JVM options from");
    }
    return List.of(m.group(1).trim().split("\\s+"));
  }
}
