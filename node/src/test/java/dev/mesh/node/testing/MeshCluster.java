package dev.mesh.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * N real node JVMs clustered on 127.0.0.1: a random cluster name, free ports, every node listing
 * every member. {@link Builder#start()} returns once each node is healthy and each node's
 * /cluster/status lists all N nodes, every model with measured speeds.
 */
public final class MeshCluster implements AutoCloseable {
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(90);

  private final String name;
  private final List<String> members;
  private final Map<String, NodeProcess> nodes;

  private MeshCluster(String name, List<String> members, Map<String, NodeProcess> nodes) {
    this.name = name;
    this.members = members;
    this.nodes = nodes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One node's settings: name, model (null: none), YAML merged over the generated config, started with the rest. */
  private record Spec(String name, Path model, String extraYaml, boolean atStart) {}

  public static final class Builder {
    private final List<Spec> specs = new ArrayList<>();

    /** A node serving {@code model} (null: none); {@code extraYaml} (may be null) is merged key by key. */
    public Builder node(String nodeName, Path model, String extraYaml) {
      specs.add(new Spec(nodeName, model, extraYaml, true));
      return this;
    }

    /** A member every node lists but that only starts on {@link MeshCluster#startLater(String)}. */
    public Builder nodeStartedLater(String nodeName, Path model, String extraYaml) {
      specs.add(new Spec(nodeName, model, extraYaml, false));
      return this;
    }

    public MeshCluster start() throws Exception {
      String clusterName = "it-" + UUID.randomUUID();
      Path root = Files.createTempDirectory("mesh-cluster-it-");
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        ports.add(NodeProcess.freePort());
      }
      List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
      Map<String, NodeProcess> nodes = new LinkedHashMap<>();
      for (int i = 0; i < specs.size(); i++) {
        Spec s = specs.get(i);
        Path dir = Files.createDirectories(root.resolve(s.name()));
        nodes.put(s.name(), NodeProcess.configureMember(dir, s.name(), clusterName, ports.get(i), members, s.model(),
            s.extraYaml()).env("MESH_HAZELCAST_LOG", "INFO"));
      }
      MeshCluster cluster = new MeshCluster(clusterName, members, nodes);
      List<NodeProcess> atStart = specs.stream().filter(Spec::atStart).map(s -> nodes.get(s.name())).toList();
      try {
        for (NodeProcess node : atStart) {
          node.launch();
        }
        for (NodeProcess node : atStart) {
          node.awaitHealthy();
        }
        cluster.awaitFormed();
      } catch (Throwable e) {
        cluster.close();
        throw e;
      }
      System.out.printf("cluster %s formed: %s (logs in %s)%n", clusterName,
          atStart.stream().map(NodeProcess::name).toList(), root);
      return cluster;
    }
  }

  public NodeProcess node(String nodeName) {
    NodeProcess node = nodes.get(nodeName);
    if (node == null) {
      throw new IllegalArgumentException("no node " + nodeName + " in " + nodes.keySet());
    }
    return node;
  }

  public List<NodeProcess> nodes() {
    return List.copyOf(nodes.values());
  }

  /** The nodes other than {@code nodeName}. */
  public List<NodeProcess> others(String nodeName) {
    return nodes.values().stream().filter(n -> !n.name().equals(nodeName)).toList();
  }

  /** Starts a node declared with {@link Builder#nodeStartedLater}; returns once the cluster lists it. */
  public NodeProcess startLater(String nodeName) throws Exception {
    NodeProcess node = node(nodeName).launch().awaitHealthy();
    awaitFormed();
    return node;
  }

  /**
   * Waits until every running node stands (not merging back after a freeze) and lists every running node, each
   * model measured and loaded.
   */
  public void awaitFormed() throws Exception {
    Set<String> all = new TreeSet<>();
    nodes.values().stream().filter(NodeProcess::alive).forEach(n -> all.add(n.name()));
    for (NodeProcess node : nodes.values()) {
      if (node.alive()) {
        Poll.until(node.name() + " to list " + all + " with measured speeds (log: " + node.log() + ")", FORM_TIMEOUT,
            () -> ready(status(node), all));
      }
    }
  }

  /** The node names a node's /cluster/status lists. */
  public static Set<String> listed(NodeProcess node) throws IOException, InterruptedException {
    Set<String> names = new TreeSet<>();
    status(node).path("nodes").forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  public static JsonNode status(NodeProcess node) throws IOException, InterruptedException {
    return NodeProcess.json(node.get("/cluster/status"));
  }

  private static boolean ready(JsonNode status, Set<String> expected) {
    if (!status.path("standing").asText().equals("settled")) {
      return false;
    }
    Set<String> names = new TreeSet<>();
    for (JsonNode n : status.path("nodes")) {
      names.add(n.path("name").asText());
      for (JsonNode m : n.path("models")) {
        if (!m.path("loaded").asBoolean() || m.path("decodeTokensPerSecond").asDouble() <= 0) {
          return false;
        }
      }
    }
    return names.equals(expected);
  }

  public String name() {
    return name;
  }

  /** The Hazelcast addresses of the nodes ({@code 127.0.0.1:port}), for a test member to join by. */
  public List<String> members() {
    return members;
  }

  /** Stops every node side by side (a paused one is resumed first so it can stop). */
  @Override
  public void close() throws Exception {
    List<Thread> stopping = new ArrayList<>();
    for (NodeProcess node : nodes.values()) {
      Thread t = new Thread(() -> {
        try {
          node.close();
        } catch (Exception e) {
          System.out.println("could not stop " + node.name() + ": " + e);
        }
      });
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      t.join();
    }
  }
}
