package dev.mesh.bench.process;

import dev.mesh.bench.BenchEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a {@code mesh} command (e.g. {@code model inspect}) from the node jar and returns what it printed. */
public final class MeshCli {
  private static final long TIMEOUT_SECONDS = 120;

  private MeshCli() {}

  public static String run(BenchEnv env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Jvm.javaCommand(), "-jar", env.nodeJar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    // read before waiting: a full pipe would block the child
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("mesh " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    if (p.exitValue() != 0) {
      throw new IOException("mesh " + String.join(" ", args) + " exited " + p.exitValue() + ": " + output.strip());
    }
    return output;
  }
}
