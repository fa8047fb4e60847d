package dev.mesh.node.cli;

import dev.mesh.node.household.HouseholdWorkload;
import dev.mesh.protocol.advert.Circuit;
import dev.mesh.protocol.advert.Remote;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's cloud: one more node process, outside any cluster so it never joins the household, serving its model
 * as {@value #MODEL}; the macmini calls it as its remote {@value #REMOTE} through a {@link CloudLink} in this JVM,
 * so the demo can take the cloud down and bring it back on real sockets.
 */
final class HouseholdCloud implements AutoCloseable {
  static final String REMOTE = "cloud";
  static final String MODEL = "cloud-writer";
  /** Ample for a short draft's first byte on a busy machine, and free: a refused connection fails at once. */
  private static final long TIMEOUT_MS = 10_000;
  /** Short, so the macmini probes the cloud again soon after it is back (doubling while it stays out). */
  private static final long COOLDOWN_MS = 500;
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final long POLL_INTERVAL_MS = 100;
  private static final String READY = "ready";

  private final Path dir;
  private final Path model;
  private final int httpPort = FreePorts.next();
  // from FreePorts, not 0: while the cloud is down the port is unbound, and the OS must not hand it to anyone else
  private final int proxyPort = FreePorts.next();
  private final HouseholdNode node;
  private CloudLink link;

  /** {@code model} null: the cloud serves a synthetic model of its own. */
  HouseholdCloud(Path dir, Path model) {
    this.dir = dir;
    this.model = model;
    this.node = new HouseholdNode(REMOTE, null, 1, httpPort, 0, dir);
  }

  HouseholdNode node() {
    return node;
  }

  /** Where the macmini calls it: the proxy, in front of the cloud's OpenAI API. */
  String url() {
    return "http://127.0.0.1:" + proxyPort + "/v1";
  }

  /** The macmini's {@code remotes:} entry for it: the one model of the editorial tier, which no household model has. */
  Map<String, Object> remote() {
    Map<String, Object> remote = new LinkedHashMap<>();
    remote.put("name", REMOTE);
    remote.put("api", "openai");
    remote.put("url", url());
    remote.put("network", "cloud");
    remote.put("timeoutMs", TIMEOUT_MS);
    remote.put("cooldownMs", COOLDOWN_MS);
    remote.put("models", List.of(Map.of("id", MODEL, "tier", HouseholdWorkload.CLOUD_TIER)));
    return remote;
  }

  /** Starts the cloud's node and opens the line to it (the cloud is up). */
  synchronized void start() throws IOException {
    Path weights = model != null ? model : SyntheticModels.file(dir, REMOTE, SyntheticModel.Spec.defaults());
    // alone, not a cluster of its own: a cloud is one server to the household, and no Hazelcast starts faster
    node.start(null, List.of(), List.of(Map.of("path", weights.toString(), "id", MODEL)), Map.of());
    link = CloudLink.open(proxyPort, httpPort);
  }

  /** Polls until the cloud has measured its model and {@code entry} sees the macmini's circuit for it admit tasks. */
  void awaitServing(DemoClient entry, PrintStream out) throws HouseholdException, InterruptedException {
    DemoClient own = new DemoClient(node.baseUrl());
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    for (String state = state(own); !state.equals(READY); state = state(own)) {
      if (!node.alive()) {
        throw HouseholdException.exited(node);
      }
      if (System.nanoTime() > deadline) {
        throw HouseholdException.notReady(READY_TIMEOUT.toSeconds(), node, state);
      }
      Thread.sleep(POLL_INTERVAL_MS);
    }
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    Remote seen = CloudCircuit.await(entry, Circuit::admits, left).orElseThrow(() -> HouseholdException.notReady(
        READY_TIMEOUT.toSeconds(), node, "out, as the macmini sees it"));
    out.printf("  %-8s ready: the macmini's remote '%s' answers (circuit %s)%n", node.name(), REMOTE,
        seen.circuit().wire());
  }

  private static String state(DemoClient own) throws InterruptedException {
    try {
      int health = own.health();
      if (health != 200) {
        return "health " + health;
      }
      return own.adverts().stream().allMatch(DemoClient::measured) ? READY : "measuring its engine";
    } catch (IOException e) {
      return "starting";
    }
  }

  /** Takes the cloud off the network (see {@link CloudLink#cut()}). */
  void goDown() throws IOException {
    link.cut();
  }

  void comeBack() throws IOException {
    link.restore();
  }

  /** Asks the cloud's node to stop, so it can leave while the household does. */
  void requestStop() {
    node.requestStop();
  }

  /** Stops the node and closes the line; safe to call again. */
  @Override
  public synchronized void close() throws InterruptedException {
    node.requestStop();
    node.awaitStopped();
    if (link != null) {
      try {
        link.close();
      } catch (IOException e) {
        // nothing is left to do about it: this JVM is about to exit
      }
      link = null;
    }
  }
}
