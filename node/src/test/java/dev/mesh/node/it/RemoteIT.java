package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.faults.Fault;
import dev.mesh.node.faults.FaultProxy;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.PrometheusText;
import dev.mesh.node.testing.TestModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A node with a local light model and two remotes — a "cloud" (OpenAI API) and a LAN Ollama — that are another
 * real mesh node doing real inference, the cloud reached through a fault-injecting proxy this test controls
 * (refuse, 503, 429 + Retry-After, slower than the timeout, reset mid-stream). Heavy work goes to the cloud while it
 * answers; while it is out tasks degrade to the local model, labelled, or wait for it; local-only tasks never reach
 * it; 200 tasks under a flapping cloud all end, each served by the cloud or labelled degraded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteIT {
  private static final String KEY = "remote-it-key-0123456789abcdef";
  /**
   * Each node alone, outside any cluster: remotes do not need one, and a lone member starved on a busy machine would
   * take itself for cut off and refuse tasks for a while ("rejoining"), which is not what this test is about.
   */
  private static final String CLUSTER_ENABLED_ENV = "MESH_CLUSTER_ENABLED";
  private static final String LOCAL = "local-light";
  private static final String CLOUD_MODEL = "big-writer";
  /** Where a degraded task may run: the household's best model for it, on this machine or the LAN Ollama. */
  private static final List<String> HOUSEHOLD = List.of(LOCAL, "lan-writer");
  private static final Duration DEGRADE_WITHIN = Duration.ofSeconds(2);
  private static Vertx vertx;
  private static NodeProcess cloud;
  private static NodeProcess node;
  private static FaultProxy proxy;
  private static String remoteModel;
  private static Path localModelPath;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> stories = TestModels.stories260K();
    Path model = stories.orElse(TestModels.synthetic());
    localModelPath = model;
    remoteModel = stories.isPresent() ? "stories260K" : "synthetic";
    vertx = Vertx.vertx();
    cloud = NodeProcess.configure(Files.createTempDirectory("mesh-remote-cloud-"), null,
        "models:\n  - {path: " + model + ", aliases: [lan-writer]}\n"
            + "auth: {apiKeys: [{name: mesh, key: " + KEY + "}]}\n").env(CLUSTER_ENABLED_ENV, "false").start();
    // warmed up: a cold JVM's first completion can take longer than the node's 2 s timeout on a busy 2-core machine
    HttpResponse<String> warm = cloud.post("/v1/chat/completions", "{\"model\":\"" + remoteModel + "\","
        + "\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
        Map.of("authorization", "Bearer " + KEY), Duration.ofSeconds(60));
    assertThat(warm.statusCode()).as(warm.body()).isEqualTo(200);
    proxy = await(FaultProxy.start(vertx, 0, cloud.port()));
    node = NodeProcess.configure(Files.createTempDirectory("mesh-remote-node-"), null,
        "models:\n  - {path: " + model + ", id: " + LOCAL + ", tier: light}\n"
            + "remotes:\n"
            + "  - {name: cloud, api: openai, url: 'http://127.0.0.1:" + proxy.port() + "/v1', network: cloud,\n"
            + "     apiKeyEnv: CLOUD_KEY, timeoutMs: 2000, cooldownMs: 300,\n"
            + "     models: [{id: " + remoteModel + ", tier: heavy, aliases: [" + CLOUD_MODEL + "]}]}\n"
            + "  - {name: lan, api: ollama, url: 'http://127.0.0.1:" + cloud.port() + "', network: lan,\n"
            + "     apiKeyEnv: CLOUD_KEY, models: [{id: lan-writer, tier: medium}]}\n")
        .env("CLOUD_KEY", KEY).env(CLUSTER_ENABLED_ENV, "false").start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (cloud != null) {
      cloud.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The cloud answers again, and a task it served has closed its circuit (so its cooldown is back to the base). */
  @AfterEach
  void cloudBackUp() throws Exception {
    await(proxy.set(Fault.PASS));
    Poll.until("the cloud's circuit to admit tasks again", Duration.ofSeconds(20),
        () -> !"open".equals(circuit("cloud")));
    Poll.until("a task on the cloud to close its circuit", Duration.ofSeconds(20), () -> {
      run(heavy(""));
      return "closed".equals(circuit("cloud"));
    });
  }

  @Test
  @Order(1)
  void heavyTasksGoToTheCloudWhileItAnswersAndTheKeyNeverShows() throws Exception {
    long before = proxy.forwarded();
    JsonNode done = run(heavy(""));
    assertThat(done.at("/result/model").asText()).isEqualTo(remoteModel);
    assertThat(done.at("/result/degraded").isMissingNode() || done.at("/result/degraded").isNull()).isTrue();
    assertThat(done.at("/result/output").asText()).isNotBlank();
    assertThat(proxy.forwarded()).isGreaterThan(before);
    String status = node.get("/cluster/status").body();
    assertThat(status).contains("\"circuit\":\"closed\"").doesNotContain(KEY);
    assertThat(Files.readString(node.log())).doesNotContain(KEY);
  }

  @Test
  @Order(2)
  void aLanOllamaServesItsTierThroughOllamasApi() throws Exception {
    JsonNode done = run("{\"kind\":\"generate\",\"prompt\":\"Once upon a time\",\"params\":{\"maxTokens\":8},"
        + "\"requirements\":{\"tier\":\"medium\"}}");
    assertThat(done.at("/result/model").asText()).isEqualTo("lan-writer");
  }

  @Test
  @Order(3)
  void localOnlyTasksNeverReachTheCloud() throws Exception {
    proxy.resetCounts();
    run("{\"kind\":\"generate\",\"prompt\":\"Once\",\"params\":{\"maxTokens\":4},"
        + "\"requirements\":{\"localOnly\":true}}");
    HttpResponse<String> refused = node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"Once\","
        + "\"requirements\":{\"localOnly\":true,\"model\":\"" + CLOUD_MODEL + "\"}}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.body()).contains("local only");
    assertThat(proxy.requests()).isZero();
  }

  @Test
  @Order(4)
  void whileTheCloudIsOutTasksDegradeLabelledWithinTwoSecondsOfTheFailure() throws Exception {
    for (Fault fault : List.of(Fault.REFUSE, Fault.UNAVAILABLE, Fault.TOO_MANY_REQUESTS, Fault.SLOW,
        Fault.RESET_MID_STREAM)) {
      cloudBackUp();
      proxy.slowDelayMs(5_000);
      proxy.retryAfterSeconds(1);
      await(proxy.set(fault));
      long started = System.nanoTime();
      JsonNode done = run(heavy(""));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(done.at("/result/model").asText()).as(fault + ": " + done).isIn(HOUSEHOLD);
      assertThat(done.at("/result/degraded/wanted").asText()).as(fault.name()).isEqualTo(remoteModel);
      assertThat(done.at("/result/degraded/used").asText()).isEqualTo(done.at("/result/model").asText());
      assertThat(done.at("/result/degraded/reason").asText()).as(fault.name()).contains("cloud");
      // the first failure comes after the submission (a refused connection at once, a slow one after the 2 s
      // timeout), so this bounds the time from it too
      Duration bound = fault == Fault.SLOW ? DEGRADE_WITHIN.plusSeconds(2) : DEGRADE_WITHIN;
      assertThat(took).as(fault + " took " + took.toMillis() + " ms").isLessThan(bound);
    }
  }

  @Test
  @Order(5)
  void theOpenAiAndOllamaApisSayADegradedAnswerInAHeader() throws Exception {
    await(proxy.set(Fault.UNAVAILABLE));
    HttpResponse<String> openai = node.post("/v1/chat/completions", "{\"model\":\"" + CLOUD_MODEL + "\","
        + "\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    assertThat(openai.statusCode()).as(openai.body()).isEqualTo(200);
    assertThat(openai.headers().firstValue("x-mesh-degraded")).get().asString()
        .contains("wanted=" + remoteModel).containsAnyOf("used=" + LOCAL, "used=lan-writer");
    HttpResponse<String> ollama = node.post("/api/chat", "{\"model\":\"" + CLOUD_MODEL + "\",\"stream\":true,"
        + "\"options\":{\"num_predict\":8},\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    assertThat(ollama.statusCode()).as(ollama.body()).isEqualTo(200);
    assertThat(ollama.headers().firstValue("x-mesh-degraded")).get().asString().contains("wanted=" + remoteModel);
  }

  @Test
  @Order(6)
  void statusAndMetricsShowTheRemoteOutAndWhy() throws Exception {
    await(proxy.set(Fault.UNAVAILABLE));
    run(heavy(""));
    JsonNode remote = null;
    for (JsonNode r : NodeProcess.json(node.get("/cluster/status")).path("remotes")) {
      if (r.path("name").asText().equals("cloud")) {
        remote = r;
      }
    }
    assertThat(remote).as("the cloud in /cluster/status remotes").isNotNull();
    assertThat(remote.path("circuit").asText()).isEqualTo("open");
    assertThat(remote.path("outage").asText()).isEqualTo("HTTP 503");
    assertThat(remote.path("network").asText()).isEqualTo("cloud");
    assertThat(remote.path("models").toString()).contains(remoteModel);
    String metrics = node.get("/metrics").body();
    assertThat(PrometheusText.sample(metrics, "mesh_remote_available", labels("remote", "cloud"))).isZero();
    assertThat(PrometheusText.sample(metrics, "mesh_remote_available", labels("remote", "lan"))).isEqualTo(1.0);
    assertThat(PrometheusText.sample(metrics, "mesh_tasks_degraded_total", labels("wanted", remoteModel)))
        .isPositive();
    assertThat(PrometheusText.sample(metrics, "mesh_remote_calls_total", labels("remote", "cloud",
        "model", remoteModel, "outcome", "failed"))).isPositive();
    assertThat(PrometheusText.sample(metrics, "mesh_cloud_spent_tokens", labels())).isPositive();
  }

  @Test
  @Order(7)
  void aTaskThatMayWaitWaitsForTheCloudAndRunsThereOnceItIsBack() throws Exception {
    await(proxy.set(Fault.REFUSE));
    Poll.until("the cloud's circuit to open", Duration.ofSeconds(10), () -> {
      node.post("/v1/tasks", heavy(""));
      return "open".equals(circuit("cloud"));
    });
    HttpResponse<String> accepted = node.post("/v1/tasks", heavy(",\"fallback\":\"wait\""));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = NodeProcess.json(accepted).path("id").asText();
    Thread.sleep(1500); // long enough to have degraded, were it going to
    JsonNode waiting = NodeProcess.json(node.get("/v1/tasks/" + id));
    assertThat(waiting.path("state").asText()).as(waiting.toString()).isEqualTo("queued");
    await(proxy.set(Fault.PASS));
    JsonNode done = NodeProcess.json(node.get("/v1/tasks/" + id + "?wait=60"));
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.at("/result/model").asText()).isEqualTo(remoteModel);
  }

  /**
   * A cancel reaches a task whose cloud call is in flight: the call is reset at once, and it is no failure of the
   * cloud — were the call left to the proxy that holds it, the 2 s timeout would open the circuit.
   */
  @Test
  @Order(8)
  void aCancelledCloudTaskEndsAtOnceAndItsResetCallIsNoFailureOfTheCloud() throws Exception {
    proxy.slowDelayMs(20_000);
    await(proxy.set(Fault.SLOW));
    String id = NodeProcess.json(node.post("/v1/tasks", heavy(""))).path("id").asText();
    Poll.until("the cloud call in flight", Duration.ofSeconds(10),
        () -> "running".equals(NodeProcess.json(node.get("/v1/tasks/" + id)).path("state").asText()));
    long asked = System.nanoTime();
    HttpResponse<String> cancelled = node.delete("/v1/tasks/" + id);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(NodeProcess.json(cancelled).path("state").asText()).isEqualTo("cancelled");
    assertThat((System.nanoTime() - asked) / 1_000_000).as("ms to cancel a call in flight").isLessThan(2000);
    Thread.sleep(2500); // past the remote's 2 s timeout: a call still held would have failed by now
    assertThat(circuit("cloud")).isEqualTo("closed");
    assertThat(NodeProcess.json(node.get("/v1/tasks/" + id)).path("state").asText()).isEqualTo("cancelled");
    proxy.slowDelayMs(FaultProxy.SLOW_DELAY_MS_DEFAULT);
  }

  @Test
  @Order(9)
  void twoHundredTasksUnderAFlappingCloudAllEndServedByItOrLabelledDegraded() throws Exception {
    List<String> ids = new ArrayList<>();
    List<Fault> cycle = List.of(Fault.UNAVAILABLE, Fault.PASS, Fault.REFUSE, Fault.PASS, Fault.RESET_MID_STREAM,
        Fault.PASS);
    long started = System.nanoTime();
    int flips = 0;
    for (int i = 0; i < 200; i++) {
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      if (elapsedMs / 2000 > flips) {
        flips++;
        await(proxy.set(cycle.get(flips % cycle.size())));
      }
      HttpResponse<String> accepted = node.post("/v1/tasks", heavy(""));
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      ids.add(NodeProcess.json(accepted).path("id").asText());
      Thread.sleep(40);
    }
    await(proxy.set(Fault.PASS));
    int byCloud = 0;
    int degraded = 0;
    for (String id : ids) {
      JsonNode done = NodeProcess.json(node.get("/v1/tasks/" + id + "?wait=120"));
      assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
      String model = done.at("/result/model").asText();
      if (model.equals(remoteModel)) {
        byCloud++;
        assertThat(done.at("/result/degraded").isMissingNode() || done.at("/result/degraded").isNull()).isTrue();
      } else {
        degraded++;
        assertThat(model).isIn(HOUSEHOLD);
        assertThat(done.at("/result/degraded/wanted").asText()).as(done.toString()).isEqualTo(remoteModel);
        assertThat(done.at("/result/degraded/used").asText()).isEqualTo(model);
      }
    }
    System.out.printf("200 tasks, %d flips: %d served by the cloud, %d degraded to %s%n", flips, byCloud, degraded,
        HOUSEHOLD);
    assertThat(byCloud).isPositive();
    assertThat(degraded).isPositive();
  }

  /** A node of its own with a 60-token daily cloud budget, its cloud the same real node, reached directly. */
  @Test
  @Order(10)
  void pastTheDailyCloudBudgetCloudTasksDegradeAndARestartDoesNotForgetWhatWasSpent() throws Exception {
    Path dir = Files.createTempDirectory("mesh-remote-budget-");
    NodeProcess budgeted = NodeProcess.configure(dir, null,
        "models:\n  - {path: " + localModelPath + ", id: " + LOCAL + ", tier: light}\n"
            + "routing: {cloudDailyTokens: 60}\n"
            + "remotes:\n"
            + "  - {name: cloud, api: openai, url: 'http://127.0.0.1:" + cloud.port() + "/v1', network: cloud,\n"
            + "     apiKeyFile: " + writeKey(dir) + ", costPerMillionTokens: {input: 1, output: 2},\n"
            + "     models: [{id: " + remoteModel + ", tier: heavy}]}\n").env(CLUSTER_ENABLED_ENV, "false");
    try (NodeProcess n = budgeted.start()) {
      int served = 0;
      JsonNode done = null;
      for (int i = 0; i < 20; i++) {
        done = run(n, heavy(""));
        if (!done.at("/result/degraded").isMissingNode() && !done.at("/result/degraded").isNull()) {
          break;
        }
        served++;
      }
      assertThat(served).as("tasks the cloud served before the budget ran out").isPositive();
      assertThat(done.at("/result/degraded/reason").asText()).as(done.toString()).contains("budget");
      assertThat(done.at("/result/model").asText()).isEqualTo(LOCAL);
      JsonNode spend = NodeProcess.json(n.get("/cluster/status")).path("cloudSpend");
      assertThat(spend.toString()).as(spend.toString()).contains("\"tokens\":");
      assertThat(spend.elements().next().path("tokens").asLong()).isGreaterThanOrEqualTo(60);
      assertThat(spend.elements().next().path("cost").asDouble()).isPositive();
    }
    try (NodeProcess again = budgeted.start()) {
      JsonNode done = run(again, heavy(""));
      assertThat(done.at("/result/degraded/reason").asText()).as("after a restart: " + done).contains("budget");
    }
  }

  private static Path writeKey(Path dir) throws Exception {
    Path key = dir.resolve("cloud.key");
    Files.writeString(key, KEY + "\n");
    return key;
  }

  private static String heavy(String extraRequirements) {
    return "{\"kind\":\"generate\",\"prompt\":\"Once upon a time\",\"params\":{\"maxTokens\":8},"
        + "\"requirements\":{\"tier\":\"heavy\"" + extraRequirements + "}}";
  }

  private static JsonNode run(String body) throws Exception {
    return run(node, body);
  }

  private static JsonNode run(NodeProcess node, String body) throws Exception {
    return node.runToSuccess(body);
  }

  /** The remote's circuit as the node's own advert shows it. */
  private static String circuit(String remote) throws Exception {
    for (JsonNode n : NodeProcess.json(node.get("/cluster/status")).path("nodes")) {
      for (JsonNode m : n.path("models")) {
        if (remote.equals(m.at("/remote/name").asText())) {
          return m.at("/remote/circuit").asText();
        }
      }
    }
    throw new AssertionError("no remote " + remote + " in /cluster/status");
  }

  /** A sample's labels: the node's name and these pairs. */
  private static Map<String, String> labels(String... pairs) {
    Map<String, String> labels = new java.util.HashMap<>(Map.of("node", "it-node"));
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
