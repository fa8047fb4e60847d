package dev.mesh.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.Ports;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Node processes clustered on 127.0.0.1 under a random cluster name, each listing every other as a TCP/IP
 * member; started together and ready once every node sees every advert with its models' speeds measured.
 */
public final class MeshCluster implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final Duration POLL = Duration.ofMillis(200);

  private final String name;
  private final List<String> members;
  private final Map<String, NodeProcess> nodes;
  private final Map<String, String> advertIds = new LinkedHashMap<>();

  private MeshCluster(String name, List<String> members, Map<String, NodeProcess> nodes) {
    this.name = name;
    this.members = List.copyOf(members);
    this.nodes = nodes;
  }

  /** @param configs each node's config by node name, without {@code cluster} (added here) */
  public static MeshCluster start(BenchEnv env, Map<String, ObjectNode> configs, List<String> jvmOptions,
      Duration timeout) throws Exception {
    String name = "bench-" + UUID.randomUUID();
    Map<String, Integer> ports = new LinkedHashMap<>();
    configs.keySet().forEach(node -> ports.put(node, Ports.free()));
    List<String> members = ports.values().stream().map(p -> HOST + ":" + p).toList();
    MeshCluster cluster = new MeshCluster(name, members, new LinkedHashMap<>());
    try {
      for (Map.Entry<String, ObjectNode> e : configs.entrySet()) {
        ObjectNode config = e.getValue().deepCopy();
        ArrayNode others = config.putObject("cluster").put("enabled", true).put("name", name).put("host", HOST)
            .put("port", ports.get(e.getKey())).putArray("members");
        members.stream().filter(m -> !m.endsWith(":" + ports.get(e.getKey()))).forEach(others::add);
        cluster.nodes.put(e.getKey(), NodeProcess.start(env, e.getKey(), config, jvmOptions, List.of()));
      }
      for (NodeProcess node : cluster.nodes.values()) {
        node.awaitHealthy(timeout);
      }
      cluster.awaitConverged(timeout);
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Polls every node's {@code /cluster/status} until it lists every node, each model with measured speeds. */
  private void awaitConverged(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = "";
      for (Map.Entry<String, NodeProcess> e : nodes.entrySet()) {
        JsonNode adverts = e.getValue().clusterStatus().path("nodes");
        String missing = missing(adverts);
        if (!missing.isEmpty()) {
          last += e.getKey() + " lacks " + missing + "; ";
        }
        adverts.forEach(a -> advertIds.put(a.path("name").asText(), a.path("id").asText()));
      }
      if (last.isEmpty()) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("cluster " + name + " did not converge in " + timeout.toSeconds() + " s: " + last);
  }

  private String missing(JsonNode adverts) {
    List<String> missing = new ArrayList<>(nodes.keySet());
    for (JsonNode a : adverts) {
      boolean measured = true;
      for (JsonNode m : a.path("models")) {
        measured &= m.path("prefillTokensPerSecond").asDouble() > 0 && m.path("decodeTokensPerSecond").asDouble() > 0;
      }
      if (measured) {
        missing.remove(a.path("name").asText());
      }
    }
    return String.join(", ", missing);
  }

  public String name() {
    return name;
  }

  /** Every member's Hazelcast address, "127.0.0.1:PORT". */
  public List<String> members() {
    return members;
  }

  public NodeProcess node(String nodeName) {
    return nodes.get(nodeName);
  }

  /** The node's advert id, {@code <name>@<member uuid>}: what its event-bus addresses are named by. */
  public String advertId(String nodeName) {
    return advertIds.get(nodeName);
  }

  @Override
  public void close() {
    nodes.values().forEach(NodeProcess::close);
  }
}
