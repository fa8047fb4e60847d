package dev.mesh.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesh demo}: the quick start. By default it plays the seed household on this machine —
 * three node processes with the pi, imac and macmini profiles — and routes a seed workload
 * through them; {@code --single} runs one in-process node instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a pi, an imac and a macmini node on this machine, route a seed workload through them "
        + "and print where each task ran and why (--single: one node).")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--once", description = "stop the nodes and exit when the demo tasks are done (default: keep serving)")
  boolean once;

  @Option(names = "--single", description = "one in-process node running a few tasks of each kind")
  boolean single;

  @Option(names = "--model", paramLabel = "FILE",
      description = "a real GGUF to use instead of the synthetic model (the pi and the macmini both serve it)")
  Path model;

  @Option(names = "--port", description = "HTTP port of the node tasks enter at (default: a free one)")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "folder for the nodes' data, configs and logs (default: a new temporary one)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (model != null && !Files.isRegularFile(model)) {
      System.err.println("mesh demo: --model " + model + " is not a file");
      return 2;
    }
    Path data = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("mesh-demo-");
    Path gguf = model == null ? null : model.toAbsolutePath();
    return single ? new DemoSingleNode(data, gguf, port, once).run()
        : new HouseholdDemo(data.toAbsolutePath(), gguf, port, once, System.out).run();
  }

  static int freePort() {
    return FreePorts.next();
  }
}
