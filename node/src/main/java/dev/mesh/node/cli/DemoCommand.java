package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.MeshNode;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.protocol.json.MeshJson;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesh demo}: the quick start. Starts a node (clustered on loopback) on the synthetic
 * default model — or a GGUF given with {@code --model} — sends it tasks of every kind over real
 * HTTP, and prints results, timings and the node's status.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a node on a built-in synthetic model, run tasks of each kind, print results and status.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--once", description = "exit when the demo tasks are done (default: keep serving)")
  boolean once;

  @Option(names = "--model", paramLabel = "FILE", description = "a real GGUF to use instead of the synthetic model")
  Path model;

  @Option(names = "--port", description = "HTTP port (default: a free one)")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (default: a new temporary one)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Path data = dataDir != null ? dataDir : Files.createTempDirectory("mesh-demo-");
    List<String> settings = new ArrayList<>(List.of(
        "name=demo", "dataDir=" + data, "http.port=" + port,
        "cluster.name=mesh-demo-" + UUID.randomUUID().toString().substring(0, 8),
        "cluster.port=" + freePort()));
    NodeConfig config = NodeCommand.load(null, settings);
    if (model != null) {
      config = new NodeConfig(config.name(), config.profile(), config.dataDir(), config.http(), config.cluster(), config.engine(),
          List.of(new dev.mesh.node.config.ModelConfig(model.toString(), null, null)), config.memory(),
          config.power(), config.limits(), config.routing());
    }
    System.out.println("mesh demo: starting a node in " + data + " ...");
    try (MeshNode node = MeshNode.start(config)) {
      String base = "http://127.0.0.1:" + node.httpPort();
      DemoClient client = new DemoClient(base);
      client.awaitEngineReady();
      new DemoWorkload(client, System.out).run();
      printStatus(client.get("/cluster/status"));
      System.out.println();
      System.out.println("Open " + base + "/cluster/status for the node's advert, " + base + "/health for its health.");
      if (!once) {
        System.out.println("The node keeps serving; press Ctrl-C to stop it.");
        new CountDownLatch(1).await();
      }
    }
    return 0;
  }

  private static void printStatus(JsonNode status) {
    System.out.println();
    System.out.println("Node status (GET /cluster/status):");
    for (JsonNode n : status.path("nodes")) {
      System.out.printf("  %s  state=%s  cores=%d  RAM available %d MiB of %d MiB  engine=%s%n",
          n.path("name").asText(), n.path("state").asText(), n.path("platform").path("cores").asInt(),
          n.path("memory").path("availableBytes").asLong() >> 20, n.path("memory").path("totalBytes").asLong() >> 20,
          n.path("engine").path("available").asBoolean() ? "local" : "none (" + n.path("engine").path("reason").asText() + ")");
      for (JsonNode m : n.path("models")) {
        System.out.printf("    model %-10s %s %s ctx=%d  needs ~%d MiB  measured: prefill %.0f tok/s, decode %.0f tok/s%s%n",
            m.path("id").asText(), m.path("architecture").asText(), m.path("quantization").asText(),
            m.path("contextLength").asInt(), m.path("estimatedRamBytes").asLong() >> 20,
            m.path("prefillTokensPerSecond").asDouble(), m.path("decodeTokensPerSecond").asDouble(),
            m.path("synthetic").asBoolean() ? "  (synthetic: output is nonsense)" : "");
      }
    }
    System.out.println("  tasks: " + MeshJson.mapper().convertValue(status.path("tasks"), Object.class));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
