package dev.mesh.bench.priority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.NodeSpec;
import dev.mesh.node.signing.Signature;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One node for the priority benchmark: the model, a hook that turns each element of {@code /items} into a classify
 * task (a hook's tasks are batch), its queues ordered by priority or in arrival order. Chats go to its OpenAI API
 * (interactive), each timed from send to answer; deliveries are signed as a real sender signs them.
 */
final class BusyNode implements AutoCloseable {
  static final String HOOK = "feed";
  static final int CHAT_MAX_TOKENS = 24;
  /** A 1,000-item job must fit beside the chats: the default capacity (1,000) would refuse a chat sent right after. */
  private static final int QUEUE_CAPACITY = 2000;
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(300);
  /**
   * The node's own default, a core left free: the job's bookkeeping (journal, job, adverts) runs beside every chat,
   * and on an engine that takes every core it slows the chat's own generation.
   */
  static final int ENGINE_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final NodeProcess node;
  private final Signature signature;

  private BusyNode(NodeProcess node, String secret) {
    this.node = node;
    this.signature = new Signature(secret);
  }

  /** @param queueOrder priority or arrival ({@code limits.queueOrder}) */
  static BusyNode start(BenchEnv env, BenchModel model, String queueOrder) throws IOException, InterruptedException {
    String secret = UUID.randomUUID().toString().replace("-", "");
    ObjectNode config = HttpJson.JSON.createObjectNode();
    config.putObject("engine").put("threads", ENGINE_THREADS);
    config.putArray("models").addObject().put("path", model.path().toString()).put("id", NodeSpec.MODEL_ID);
    config.putObject("limits").put("queueOrder", queueOrder).put("queueCapacity", QUEUE_CAPACITY)
        .put("maxWaitSeconds", LONGEST_WAIT.toSeconds());
    ObjectNode task = config.putArray("hooks").addObject().put("name", HOOK).put("secret", secret)
        .put("each", "/items").putObject("task").put("kind", "classify")
        .put("prompt", "Is this about home labs? {/title}");
    task.putArray("labels").add("relevant").add("noise");
    NodeProcess node = NodeProcess.start(env, "priority-" + queueOrder, config, LauncherOptions.read(env.launcher()),
        List.of("--no-cluster"));
    try {
      node.awaitHealthy(Duration.ofSeconds(120));
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    return new BusyNode(node, secret);
  }

  /** A chat timed at the client, and the task it was (its record says how long it waited in the queue). */
  record Chat(double millis, String task) {}

  /** One chat through the OpenAI API, greedy and short, timed from send to the whole answer. */
  Chat chat(String text) throws IOException, InterruptedException {
    ObjectNode body = HttpJson.JSON.createObjectNode().put("model", NodeSpec.MODEL_ID)
        .put("max_tokens", CHAT_MAX_TOKENS).put("temperature", 0);
    body.putArray("messages").addObject().put("role", "user").put("content", text);
    HttpRequest request = HttpRequest.newBuilder(node.uri("/v1/chat/completions")).timeout(LONGEST_WAIT.plusSeconds(10))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(HttpJson.JSON.writeValueAsBytes(body))).build();
    long start = System.nanoTime();
    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    double ms = (System.nanoTime() - start) / 1e6;
    if (answer.statusCode() != 200) {
      throw new IOException("a chat was answered " + answer.statusCode() + ": " + answer.body());
    }
    return new Chat(ms, answer.headers().firstValue("x-mesh-task").orElseThrow());
  }

  /** A task's record ({@code GET /v1/tasks/{id}}). */
  JsonNode task(String id) throws IOException, InterruptedException {
    HttpJson.Response r = HttpJson.get(node.uri("/v1/tasks/" + id), Duration.ofSeconds(30));
    if (r.status() != 200) {
      throw new IOException("GET /v1/tasks/" + id + " answered " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  /** Delivers one payload of {@code items} elements to the hook, signed; returns the job's id. */
  String deliver(int items) throws IOException, InterruptedException {
    ObjectNode payload = HttpJson.JSON.createObjectNode();
    ArrayNode array = payload.putArray("items");
    for (int i = 0; i < items; i++) {
      array.addObject().put("title", "Item " + i + ": a Raspberry Pi running a small model");
    }
    byte[] body = HttpJson.JSON.writeValueAsBytes(payload);
    long timestamp = System.currentTimeMillis() / 1000;
    String delivery = UUID.randomUUID().toString();
    HttpRequest request = HttpRequest.newBuilder(node.uri("/hooks/" + HOOK)).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json")
        .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .header(Signature.DELIVERY_HEADER, delivery)
        .header(Signature.SIGNATURE_HEADER, signature.sign(timestamp, delivery, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (answer.statusCode() != 202) {
      throw new IOException("the delivery was answered " + answer.statusCode() + ": " + answer.body());
    }
    return HttpJson.JSON.readTree(answer.body()).path("job").asText();
  }

  /** {@code GET /v1/jobs/{id}}: total, done, failed, running, waiting, ended. */
  JsonNode job(String id) throws IOException, InterruptedException {
    HttpJson.Response r = HttpJson.get(node.uri("/v1/jobs/" + id), Duration.ofSeconds(30));
    if (r.status() != 200) {
      throw new IOException("GET /v1/jobs/" + id + " answered " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  /** Batch tasks waiting for the engine, as the node's advert says. */
  int batchQueued() throws IOException, InterruptedException {
    return node.clusterStatus().at("/nodes/0/load/byPriority/batch/tasks").asInt();
  }

  @Override
  public void close() {
    node.close();
  }
}
