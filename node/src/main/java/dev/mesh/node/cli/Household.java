package dev.mesh.node.cli;

import dev.mesh.node.household.HouseholdWorkload;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seed household on one machine: a pi, an imac and a macmini node process, clustered on
 * 127.0.0.1 under a random cluster name, each listing all three as members.
 */
final class Household implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final long POLL_INTERVAL_MS = 250;
  private static final long PROGRESS_INTERVAL_MS = 5000;
  private static final String READY = "ready";

  private final List<HouseholdNode> nodes;
  private final Map<String, DemoClient> clients = new LinkedHashMap<>();
  static final String LIGHT = "light";
  static final String WRITER = "writer";
  private final Path model;
  private final Path dir;
  private final Map<String, Object> cloud;
  private boolean stopped;

  /**
   * {@code model} null: each engine node writes the synthetic default; {@code entryPort} 0: a free port;
   * {@code cloud}: the macmini's {@code remotes:} entry for the cloud it calls.
   */
  Household(Path dir, Path model, int entryPort, Map<String, Object> cloud) throws IOException {
    this.model = model;
    this.dir = dir;
    this.cloud = cloud;
    this.nodes = List.of(
        new HouseholdNode("pi", 1, entryPort != 0 ? entryPort : DemoCommand.freePort(), DemoCommand.freePort(), dir),
        new HouseholdNode("imac", 1, DemoCommand.freePort(), DemoCommand.freePort(), dir),
        new HouseholdNode("macmini", 2, DemoCommand.freePort(), DemoCommand.freePort(), dir));
    nodes.forEach(node -> clients.put(node.name(), new DemoClient(node.baseUrl())));
  }

  List<HouseholdNode> nodes() {
    return nodes;
  }

  /** The always-on orchestrator, where the demo's tasks enter. */
  HouseholdNode entry() {
    return nodes.get(0);
  }

  DemoClient client(HouseholdNode node) {
    return clients.get(node.name());
  }

  /**
   * Starts the three nodes with the household's model stack: the pi serves a light model for everything; the Mac
   * mini the light one for triage and embeddings and a heavier writer (tier heavy) for drafts, and calls the cloud
   * for what none of them serves; the imac none (its probe finds no engine it can run). Without {@code --model}, both
   * are synthetic, written here once.
   */
  synchronized void start() throws IOException {
    String cluster = "mesh-demo-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> members = nodes.stream().map(HouseholdNode::member).toList();
    Path light = model != null ? model : SyntheticModels.file(dir, "light", SyntheticModel.Spec.defaults());
    Path writer = model != null ? model
        : SyntheticModels.file(dir, "writer", SyntheticModel.Spec.defaults().withSize(6, 384, 1024));
    Map<String, Object> lightForAll = Map.of("path", light.toString(), "id", LIGHT, "tier", "light");
    Map<String, Object> lightForTriage = Map.of("path", light.toString(), "id", LIGHT, "tier", "light",
        "kinds", List.of("classify", "score", "extract", "embed", "chat"));
    Map<String, Object> heavyWriter = Map.of("path", writer.toString(), "id", WRITER, "tier",
        HouseholdWorkload.DRAFT_TIER, "kinds", List.of("generate", "summarize", "chat"));
    for (HouseholdNode node : nodes) {
      List<Map<String, Object>> stack = switch (node.name()) {
        case "pi" -> List.of(lightForAll);
        case "macmini" -> List.of(lightForTriage, heavyWriter);
        default -> List.of();
      };
      Map<String, Object> remotes = node.name().equals("macmini") ? Map.of("remotes", List.of(cloud)) : Map.of();
      node.start(cluster, members, stack, remotes);
    }
  }

  /** Polls until each node is healthy, has measured its engine and sees all three; prints progress meanwhile. */
  void awaitReady(PrintStream out) throws HouseholdException, InterruptedException {
    long started = System.currentTimeMillis();
    String shown = "";
    long shownAt = 0;
    while (true) {
      Map<HouseholdNode, String> states = new LinkedHashMap<>();
      for (HouseholdNode node : nodes) {
        if (!node.alive()) {
          throw HouseholdException.exited(node);
        }
        states.put(node, state(node));
      }
      String line = states.entrySet().stream().map(e -> e.getKey().name() + " " + e.getValue())
          .reduce((a, b) -> a + ", " + b).orElse("");
      long now = System.currentTimeMillis();
      if (!line.equals(shown) || now - shownAt >= PROGRESS_INTERVAL_MS) {
        out.printf("  %4.1f s  %s%n", (now - started) / 1000.0, line);
        shown = line;
        shownAt = now;
      }
      if (states.values().stream().allMatch(READY::equals)) {
        return;
      }
      if (now - started > READY_TIMEOUT.toMillis()) {
        Map.Entry<HouseholdNode, String> late = states.entrySet().stream()
            .filter(e -> !e.getValue().equals(READY)).findFirst().orElseThrow();
        throw HouseholdException.notReady(READY_TIMEOUT.toSeconds(), late.getKey(), late.getValue());
      }
      Thread.sleep(POLL_INTERVAL_MS);
    }
  }

  private String state(HouseholdNode node) throws InterruptedException {
    DemoClient client = clients.get(node.name());
    try {
      int health = client.health();
      if (health != 200) {
        return "health " + health;
      }
      List<NodeAdvert> adverts = client.adverts();
      boolean measured = adverts.stream().filter(a -> a.name().equals(node.name())).allMatch(DemoClient::measured);
      if (!measured) {
        return "measuring its engine";
      }
      return adverts.size() < nodes.size() ? "sees " + adverts.size() + " of " + nodes.size() : READY;
    } catch (IOException e) {
      return "starting";
    }
  }

  /** Stops every node and its engines; safe to call again (the Ctrl-C hook and the normal exit both do). */
  @Override
  public synchronized void close() throws InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    nodes.forEach(HouseholdNode::requestStop); // all three at once: each takes a moment to leave the cluster
    for (HouseholdNode node : nodes) {
      node.awaitStopped();
    }
  }

  synchronized boolean stopped() {
    return stopped;
  }
}
