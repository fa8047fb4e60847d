package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.MeshNode;
import dev.mesh.node.config.ModelConfig;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.protocol.json.MeshJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mesh demo --single}: one node in this JVM (clustered on loopback) on the synthetic model
 * or {@code --model}; sends it tasks of every kind over real HTTP and prints results, timings and status.
 */
final class DemoSingleNode {
  private final Path data;
  private final Path model;
  private final int port;
  private final boolean once;

  DemoSingleNode(Path data, Path model, int port, boolean once) {
    this.data = data;
    this.model = model;
    this.port = port;
    this.once = once;
  }

  int run() throws Exception {
    List<String> settings = new ArrayList<>(List.of(
        "name=demo", "dataDir=" + data, "http.port=" + port,
        "cluster.name=mesh-demo-" + UUID.randomUUID().toString().substring(0, 8),
        "cluster.port=" + DemoCommand.freePort(),
        "library.ollama=false")); // the demo serves its own models, whatever else this machine has
    NodeConfig config = NodeCommand.load(null, settings);
    if (model != null) {
      config = config.withModels(List.of(new ModelConfig(model.toString(), null, null)));
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
}
