package dev.mesh.bench.memory;

import dev.mesh.bench.process.IdleMain;
import dev.mesh.bench.process.Jvm;
import dev.mesh.bench.process.ProcMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The baseline JVM: the node's options, a main that only sleeps; what any Java process costs before mesh. */
final class IdleJvm {
  private IdleJvm() {}

  /** Starts it, waits until it is up plus {@code idle}, reads its memory, ends it. */
  static ProcMemory measure(List<String> jvmOptions, Duration idle) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Jvm.javaCommand());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleMain.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (!"idle".equals(first)) {
        throw new IOException("baseline JVM did not start: " + first);
      }
      Thread.sleep(idle.toMillis());
      return ProcMemory.of(p.pid());
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
