package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;
import dev.mesh.node.faults.Fault;
import dev.mesh.node.faults.FaultProxy;
import dev.mesh.node.testing.AdvertForger;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.PrometheusText;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A mesh with a key against a stranger on the LAN: a JVM that knows the cluster's name and the members' addresses
 * and joins as a lite member in a second ({@link AdvertForger}). Node {@code a} runs no engine and routes to
 * {@code b} (every hop, record, update and token between them sealed) and has a "cloud" remote (a third node outside
 * the cluster, through a {@link FaultProxy}) for tasks that can be made to wait. Each attack of issue 14 is tried;
 * each must be refused and reported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshKeyIT {
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
  private static final String SECRET_PROMPT = "the password to the shed is PAPAYA";
  private static NodeProcess cloud;
  private static MeshCluster mesh;
  private static AdvertForger stranger;
  private static Vertx vertx;
  private static FaultProxy proxy;
  private static String modelId;
  private static String keySecret;

  @BeforeAll
  static void start() throws Exception {
    Path model = TestModels.stories260K().orElse(TestModels.synthetic());
    modelId = TestModels.stories260K().isPresent() ? "stories260K" : "synthetic";
    Path work = Files.createTempDirectory("mesh-key-it-");
    Path key = work.resolve("mesh.key");
    NodeProcess.Result made = NodeProcess.run(work, "key", "new", "--out", key.toString());
    assertThat(made.exitCode()).as(made.output()).isZero();
    keySecret = Files.readString(key).strip();
    assertThat(made.output()).doesNotContain(keySecret);
    vertx = Vertx.vertx();
    cloud = NodeProcess.configure(Files.createTempDirectory("mesh-key-cloud-"), null,
            "models:\n  - {path: " + model + ", aliases: [cloud-writer]}\n")
        .env("MESH_CLUSTER_ENABLED", "false").start();
    proxy = await(FaultProxy.start(vertx, 0, cloud.port()));
    String keyed = "security: {meshKeyFile: " + key + "}\n";
    mesh = MeshCluster.builder()
        .node("a", null, keyed + "engine: {enabled: false}\n"
            + "remotes:\n"
            + "  - {name: cloud, api: openai, url: 'http://127.0.0.1:" + proxy.port() + "/v1', network: cloud,\n"
            + "     timeoutMs: 5000, cooldownMs: 300, models: [{id: cloud-writer, tier: heavy}]}\n")
        .node("b", model, keyed)
        .start();
    stranger = AdvertForger.join(mesh);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {stranger, mesh, cloud}) {
      if (c != null) {
        c.close();
      }
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void keyedNodesWorkTogetherAndAStrangerReadsNoPromptResultOrIdempotencyKey() throws Exception {
    NodeProcess a = mesh.node("a");
    String id = TaskRecords.submit(a, "{\"kind\":\"generate\",\"prompt\":\"" + SECRET_PROMPT + "\","
        + "\"idempotencyKey\":\"invoice-77\",\"params\":{\"maxTokens\":12}}");
    JsonNode done = TaskRecords.awaitEnded(a, id, TASK_TIMEOUT);
    assertThat(done.path("state").asText()).as(TaskRecords.history(done)).isEqualTo("succeeded");
    assertThat(done.at("/result/executedBy").asText()).isEqualTo("b"); // a has no engine: the hop was sealed
    String output = done.at("/result/output").asText();
    // tokens stream from b to a's OpenAI API sealed, too
    HttpResponse<String> streamed = a.post("/v1/chat/completions", "{\"model\":\"" + modelId + "\",\"stream\":true,"
        + "\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
    assertThat(streamed.body()).contains("\"content\":\"").contains("[DONE]");

    IMap<Object, Object> tasks = stranger.hazelcast().getMap("mesh.tasks");
    assertThat(tasks.size()).isPositive();
    for (Map.Entry<Object, Object> e : tasks.entrySet()) {
      assertThat(e.getValue().toString()).startsWith("mk1:").doesNotContain("PAPAYA").doesNotContain("generate");
      if (!output.isBlank()) {
        assertThat(e.getValue().toString()).doesNotContain(output);
      }
    }
    IMap<Object, Object> keys = stranger.hazelcast().getMap("mesh.keys");
    assertThat(keys.keySet()).isNotEmpty().noneMatch(k -> k.toString().contains("invoice"));
    assertThat(keys.values()).allMatch(v -> v.toString().startsWith("mk1:")).noneMatch(v -> v.toString().contains(id));
  }

  @Test
  @Order(2)
  void aStrangersAdvertIsNeverBelievedAndTheStrangerIsShownEverywhere() throws Exception {
    NodeProcess a = mesh.node("a");
    JsonNode real = MeshCluster.status(a).path("nodes").get(1);
    JsonObject phantom = new JsonObject(real.toString()).put("name", "phantom").put("id", "phantom@x")
        .put("sequence", 1_000_000);
    for (int i = 0; i < 3; i++) {
      stranger.publish("mesh.adverts", phantom.toBuffer()); // as bytes, like a node's
      stranger.publish("mesh.adverts", phantom.encode()); // and as text
    }
    JsonNode security = Poll.until("a to count the stranger's adverts and name it a stranger", Duration.ofSeconds(30),
        () -> {
          JsonNode s = MeshCluster.status(a).path("security");
          return s.at("/untrustedMessages/advert").asLong() >= 6 && s.path("strangers").size() == 1 ? s : null;
        });
    assertThat(MeshCluster.listed(a)).containsExactlyInAnyOrder("a", "b");
    assertThat(security.path("meshKey").asText()).isEqualTo("on");
    assertThat(security.path("strangers").get(0).path("lite").asBoolean()).isTrue();
    assertThat(security.path("recentRefusals").toString()).contains("not_sealed");
    JsonNode health = NodeProcess.json(a.get("/health"));
    assertThat(health.toString()).contains("strangers").contains(security.path("strangers").get(0).path("address")
        .asText());
    String metrics = a.get("/metrics").body();
    assertThat(PrometheusText.sample(metrics, "mesh_untrusted_messages_total", Map.of("node", "a", "kind", "advert")))
        .isGreaterThanOrEqualTo(6);
    assertThat(PrometheusText.sample(metrics, "mesh_cluster_strangers", Map.of("node", "a"))).isEqualTo(1);
    String log = Poll.until("a to log the stranger", Duration.ofSeconds(10), () -> {
      String text = Files.readString(a.log());
      return text.contains("a stranger") ? text : null;
    });
    assertThat(log).contains("cluster member joined from")
        .contains("untrusted advert refused at mesh.adverts");
    // logged once, not once per advert
    assertThat(log.split("untrusted advert refused at mesh.adverts: not_sealed", -1)).hasSizeLessThanOrEqualTo(2);
    assertThat(log).doesNotContain(keySecret);
  }

  @Test
  @Order(3)
  void aStrangerCanNeitherHandANodeATaskNorDrainItNorReplayWhatItOverheard() throws Exception {
    NodeProcess a = mesh.node("a");
    NodeProcess b = mesh.node("b");
    String bId = nodeId(a, "b");
    String record = "{\"task\":{\"id\":\"injected-1\",\"request\":{\"kind\":\"generate\",\"prompt\":\"rm -rf\"}}}";
    assertThat(refusal(() -> stranger.request("mesh.node." + bId + ".hop", Buffer.buffer(record)))).isEqualTo(401);
    assertThat(refusal(() -> stranger.request("mesh.control.b", Buffer.buffer("{\"action\":\"drain\",\"by\":\"me\"}"))))
        .isEqualTo(401);
    assertThat(refusal(() -> stranger.request("mesh.control.b", new JsonObject().put("action", "drain"))))
        .isEqualTo(401);
    Object overheard = stranger.capture("mesh.adverts");
    stranger.publish("mesh.adverts", overheard);
    Poll.until("b to refuse the replayed advert", Duration.ofSeconds(20),
        () -> MeshCluster.status(b).at("/security/recentRefusals").toString().contains("replayed"));
    JsonNode bStatus = MeshCluster.status(b);
    assertThat(bStatus.at("/security/untrustedMessages/hop").asLong()).isEqualTo(1);
    assertThat(bStatus.at("/security/untrustedMessages/control").asLong()).isEqualTo(2);
    assertThat(bStatus.path("nodes").get(0).path("state").asText()).isEqualTo("up");
    assertThat(b.get("/v1/tasks/injected-1").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void recordsAStrangerSpoilsOrDeletesStillEndCorrectly() throws Exception {
    NodeProcess a = mesh.node("a");
    await(proxy.set(Fault.REFUSE));
    Poll.until("the cloud's circuit to open", Duration.ofSeconds(20), () -> {
      a.post("/v1/tasks", cloudTask(""));
      return MeshCluster.status(a).toString().contains("\"circuit\":\"open\"");
    });
    String garbled = TaskRecords.submit(a, cloudTask(",\"requirements\":{\"fallback\":\"wait\"}"));
    String forged = TaskRecords.submit(a, cloudTask(",\"requirements\":{\"fallback\":\"wait\"}"));
    String deleted = TaskRecords.submit(a, cloudTask(",\"requirements\":{\"fallback\":\"wait\"}"));
    IMap<String, String> tasks = stranger.hazelcast().getMap("mesh.tasks");
    Poll.until("the three tasks in the cluster map", Duration.ofSeconds(10),
        () -> tasks.containsKey(garbled) && tasks.containsKey(forged) && tasks.containsKey(deleted));
    JsonNode before = TaskRecords.get(a, forged);
    assertThat(before.path("state").asText()).isEqualTo("queued");
    tasks.set(garbled, "{garbage");
    // the stranger's own result, as a node without a key would write it
    JsonObject fake = new JsonObject(before.toString()).put("state", "succeeded")
        .put("result", new JsonObject().put("output", "FORGED").put("executedBy", "b"));
    tasks.set(forged, fake.encode());
    tasks.delete(deleted);
    await(proxy.set(Fault.PASS));
    for (String id : new String[] {garbled, forged, deleted}) {
      JsonNode done = TaskRecords.awaitEnded(a, id, TASK_TIMEOUT);
      assertThat(done.path("state").asText()).as(TaskRecords.history(done)).isEqualTo("succeeded");
      assertThat(done.at("/result/output").asText()).isNotEqualTo("FORGED");
      assertThat(done.at("/result/degraded").isMissingNode() || done.at("/result/degraded").isNull())
          .as("served by the cloud it waited for: %s", done).isTrue();
      assertThat(tasks.get(id)).startsWith("mk1:");
    }
    assertThat(MeshCluster.status(a).at("/security/untrustedMessages/record").asLong()).isPositive();
    assertThat(Files.readString(a.log())).contains("own copy (version");
  }

  private static String cloudTask(String extra) {
    return "{\"kind\":\"generate\",\"model\":\"cloud-writer\",\"prompt\":\"Once\",\"params\":{\"maxTokens\":6}"
        + extra + "}";
  }

  private static String nodeId(NodeProcess viewer, String name) throws Exception {
    for (JsonNode n : MeshCluster.status(viewer).path("nodes")) {
      if (n.path("name").asText().equals(name)) {
        return n.path("id").asText();
      }
    }
    throw new AssertionError("no node " + name);
  }

  /** The failure code the receiver answered a request with. */
  private static int refusal(java.util.concurrent.Callable<Object> request) {
    Throwable[] thrown = {null};
    assertThatThrownBy(() -> {
      try {
        request.call();
      } catch (ExecutionException e) {
        thrown[0] = e.getCause();
        throw e;
      }
    }).isInstanceOf(ExecutionException.class);
    assertThat(thrown[0]).isInstanceOf(ReplyException.class);
    return ((ReplyException) thrown[0]).failureCode();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
