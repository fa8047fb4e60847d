package dev.mesh.node.engine;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command line that starts an engine process: [nice -n N] java [jvm args] -cp ... EngineMain. */
final class EngineCommand {
  static final String NATIVE_DIR = "native";

  private EngineCommand() {
  }

  static List<String> of(EngineSpec spec) {
    List<String> command = new ArrayList<>();
    if (spec.niceness() > 0) {
      nice().ifPresent(nice -> command.addAll(List.of(nice, "-n", Integer.toString(spec.niceness()))));
    }
    command.add(spec.javaCommand());
    command.addAll(spec.jvmArgs());
    // its own temp dir: the loader deletes llama*/jllama* files it finds there on first load
    command.add("-D" + NativeLibrary.TMPDIR_PROPERTY + "=" + nativeDir(spec));
    command.add("-XX:ErrorFile=" + spec.workDir().toAbsolutePath().resolve("hs_err_pid%p.log"));
    command.add("-cp");
    command.add(spec.classpath());
    command.add(EngineMain.class.getName());
    return command;
  }

  static Path nativeDir(EngineSpec spec) {
    return spec.workDir().toAbsolutePath().resolve(NATIVE_DIR);
  }

  /** {@code nice} from PATH; exec'd by nice, java keeps the same pid, so pid() and signals stay right. */
  static Optional<String> nice() {
    String path = System.getenv("PATH");
    if (path == null || System.getProperty("os.name", "").startsWith("Windows")) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "nice");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
