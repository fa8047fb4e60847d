package dev.mesh.bench.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.Ports;
import dev.mesh.node.faults.Fault;
import dev.mesh.node.faults.FaultProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two nodes, not clustered: {@code cloud} serves a model over its own OpenAI API, and {@code home} has a local light
 * model and lists cloud as its remote "cloud" (heavy tier), reached through a {@link FaultProxy} in this JVM — the
 * set-up of the node's RemoteIT. Requests through the proxy to cloud's API are the direct baseline.
 */
final class RemotePair implements AutoCloseable {
  static final String REMOTE = "cloud";
  static final String CLOUD_MODEL = "cloud-writer";
  static final String LOCAL_MODEL = "local-light";
  static final long TIMEOUT_MS = 1000;
  static final long COOLDOWN_MS = 300;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(25);
  private static final long PROXY_TIMEOUT_SECONDS = 10;
  private static final long SETTLE_MS = 100;

  private final Vertx vertx = Vertx.vertx();
  private NodeProcess cloud;
  private FaultProxy proxy;
  private NodeProcess home;
  private URI directChat; // cloud's own POST /v1/chat/completions, through the proxy

  private RemotePair() {}

  /** Starts cloud, then the proxy, then home (whose first probe of its remote must find cloud up). */
  static RemotePair start(BenchEnv env, BenchModel model, int threads) throws Exception {
    RemotePair pair = new RemotePair();
    try {
      List<String> jvm = LauncherOptions.read(env.launcher());
      List<String> alone = List.of("--no-cluster");
      pair.cloud = NodeProcess.start(env, "cloud", node(threads, model, CLOUD_MODEL, null), jvm, alone);
      pair.cloud.awaitHealthy(START_TIMEOUT);
      pair.proxy = await(FaultProxy.start(pair.vertx, Ports.free(), pair.cloud.port()));
      ObjectNode home = node(threads, model, LOCAL_MODEL, "light");
      home.putArray("remotes").add(remote(pair.proxy.port()));
      pair.home = NodeProcess.start(env, "home", home, jvm, alone);
      pair.home.awaitHealthy(START_TIMEOUT);
      pair.directChat = URI.create("http://127.0.0.1:" + pair.proxy.port() + "/v1/chat/completions");
      pair.awaitClosed();
      return pair;
    } catch (Exception | Error e) {
      pair.close();
      throw e;
    }
  }

  private static ObjectNode node(int threads, BenchModel model, String id, String tier) {
    ObjectNode config = HttpJson.JSON.createObjectNode();
    config.putObject("engine").put("threads", threads);
    ObjectNode m = config.putArray("models").addObject().put("path", model.path().toString()).put("id", id);
    if (tier != null) {
      m.put("tier", tier);
    }
    return config;
  }

  private static ObjectNode remote(int proxyPort) {
    ObjectNode r = HttpJson.JSON.createObjectNode().put("name", REMOTE).put("api", "openai")
        .put("url", "http://127.0.0.1:" + proxyPort + "/v1").put("network", "cloud")
        .put("timeoutMs", TIMEOUT_MS).put("cooldownMs", COOLDOWN_MS);
    r.putArray("models").addObject().put("id", CLOUD_MODEL).put("tier", "heavy");
    return r;
  }

  FaultProxy proxy() {
    return proxy;
  }

  /**
   * Pauses before a timed call, so both nodes have finished the last call's bookkeeping (journal, store, advert) and
   * on 2 cores that tail does not land on whichever call comes next.
   */
  static void settle() throws InterruptedException {
    Thread.sleep(SETTLE_MS);
  }

  void set(Fault fault) throws Exception {
    await(proxy.set(fault));
  }

  /** {@code task} posted at home with {@code ?wait}: its {@code result} once it succeeded. */
  JsonNode run(ObjectNode task) throws IOException, InterruptedException {
    HttpJson.Response r = home.submit(task, WAIT);
    if (r.status() != 200 || !"succeeded".equals(r.body().path("state").asText())) {
      throw new IOException("home answered " + r.status() + " to " + task + ": " + r.body());
    }
    return r.body().path("result");
  }

  /** {@code chat} posted to cloud's OpenAI API through the proxy: its answer. */
  JsonNode direct(ObjectNode chat) throws IOException, InterruptedException {
    HttpJson.Response r = HttpJson.post(directChat, chat, WAIT);
    if (r.status() != 200) {
      throw new IOException("cloud answered " + r.status() + " to " + chat + ": " + r.body());
    }
    return r.body();
  }

  /** The same, streamed as home asks for it: the completion tokens. */
  int directStreamed(ObjectNode chat) throws IOException, InterruptedException {
    return StreamedChat.post(directChat, StreamedChat.of(chat), WAIT);
  }

  /**
   * Waits until home's advert shows the remote's circuit closed. After an outage a probe makes it half open and only
   * a task that succeeds there closes it: one heavy task is sent each time it is seen half open.
   */
  void awaitClosed() throws Exception {
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    String state = circuit();
    while (!"closed".equals(state)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("remote " + REMOTE + "'s circuit still " + state + " after " + CLOSE_TIMEOUT.toSeconds()
            + " s; home's log:\n" + home.logTail());
      }
      if ("half_open".equals(state)) {
        run(RemoteRequests.heavy());
      } else {
        Thread.sleep(POLL.toMillis());
      }
      state = circuit();
    }
  }

  /** The remote's circuit as home's own advert shows it ({@code absent} until its models are known). */
  private String circuit() throws IOException, InterruptedException {
    for (JsonNode m : home.clusterStatus().at("/nodes/0/models")) {
      if (REMOTE.equals(m.at("/remote/name").asText())) {
        return m.at("/remote/circuit").asText();
      }
    }
    return "absent";
  }

  @Override
  public void close() {
    if (home != null) {
      home.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (cloud != null) {
      cloud.close();
    }
    vertx.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(PROXY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
