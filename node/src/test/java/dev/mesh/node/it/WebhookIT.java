package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mesh.node.signing.Signature;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real node on the synthetic model: every outcome a delivery can have, a 1,000-item
 * payload that becomes one job with its results in order, and a callback receiver (a real HTTP server in
 * this JVM) that fails three times, with the node killed -9 between attempts.
 */
class WebhookIT {
  private static final String FEED_SECRET = "feed-secret-0123456789";
  private static final String NOTE_SECRET = "note-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static NodeProcess node;
  private static HttpServer receiver;
  private static final List<Map.Entry<Map<String, List<String>>, byte[]>> received = new CopyOnWriteArrayList<>();
  private static final AtomicInteger calls = new AtomicInteger();
  private static final String TASK_SECRET = "task-secret-0123456789";
  private static final List<Map.Entry<Map<String, List<String>>, byte[]>> taskCallbacks = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/cb", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(Map.entry(Map.copyOf(exchange.getRequestHeaders()), body));
      int status = calls.incrementAndGet() <= 3 ? 500 : 200; // the first three deliveries fail
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.createContext("/task-cb", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      taskCallbacks.add(Map.entry(Map.copyOf(exchange.getRequestHeaders()), body));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    String taskCallbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/task-cb";
    String yaml = "limits: {queueCapacity: 5000}\ncallbacks: {secret: " + TASK_SECRET + ", allow: [" + taskCallbackUrl
        + "]}\n"
        + "hooks:\n"
        + "  - name: feed\n    secret: " + FEED_SECRET + "\n    each: /items\n"
        + "    task: {kind: embed, input: '{/title}'}\n"
        + "  - name: scored\n    secret: " + FEED_SECRET + "\n    each: /items\n"
        + "    task: {kind: embed, input: '{/title}'}\n"
        + "    callback: http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb\n"
        + "  - name: note\n    secret: " + NOTE_SECRET + "\n    maxBodyBytes: 2048\n    toleranceSeconds: 60\n"
        + "    task: {kind: generate, prompt: 'Note: {/text}', params: {maxTokens: 4}}\n";
    node = NodeProcess.configure(Files.createTempDirectory("mesh-webhook-it-"), TestModels.synthetic(), yaml).start();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
    receiver.stop(0);
  }

  @Test
  void aSignedDeliveryBecomesATaskThatRuns() throws Exception {
    HttpResponse<String> r = deliver("note", NOTE_SECRET, "{\"text\":\"buy milk\"}", now(), newId());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode accepted = JSON.readTree(r.body());
    assertThat(accepted.path("count").asInt()).isEqualTo(1);
    JsonNode job = awaitJobEnded(accepted.path("job").asText());
    assertThat(job.path("done").asInt()).isEqualTo(1);
    JsonNode task = JSON.readTree(get("/v1/tasks/" + accepted.path("task").asText()).body());
    assertThat(task.path("task").path("request").path("prompt").asText()).isEqualTo("Note: buy milk");
  }

  @Test
  void everyWayADeliveryCanBeWrongGetsItsOwnAnswer() throws Exception {
    String body = "{\"text\":\"hello\"}";
    assertError(deliver("nope", NOTE_SECRET, body, now(), newId()), 404, "not_found");
    assertError(post("/hooks/note", body, Map.of(Signature.TIMESTAMP_HEADER, Long.toString(now()),
        Signature.DELIVERY_HEADER, newId())), 401, "unauthorized");
    assertError(deliver("note", "wrong-secret-0123456789", body, now(), newId()), 401, "unauthorized");
    // a signature made for another body
    long ts = now();
    String id = newId();
    String other = new Signature(NOTE_SECRET).sign(ts, id, "{\"text\":\"other\"}".getBytes(StandardCharsets.UTF_8));
    assertError(post("/hooks/note", body, Map.of(Signature.TIMESTAMP_HEADER, Long.toString(ts),
        Signature.DELIVERY_HEADER, id, Signature.SIGNATURE_HEADER, other)), 401, "unauthorized");
    HttpResponse<String> stale = deliver("note", NOTE_SECRET, body, now() - 3600, newId());
    assertError(stale, 401, "unauthorized");
    assertThat(JSON.readTree(stale.body()).path("error").path("message").asText()).contains("3600 s old");
    // a replay: the same delivery, correctly signed, a second time
    String once = newId();
    long sentAt = now();
    assertThat(deliver("note", NOTE_SECRET, body, sentAt, once).statusCode()).isEqualTo(202);
    assertError(deliver("note", NOTE_SECRET, body, sentAt, once), 409, "replayed_delivery");
    assertError(deliver("note", NOTE_SECRET, "{\"text\":\"" + "x".repeat(3000) + "\"}", now(), newId()), 413,
        "body_too_large");
    assertError(deliver("note", NOTE_SECRET, "{\"text\":", now(), newId()), 400, "invalid_json");
    HttpResponse<String> unmapped = deliver("feed", FEED_SECRET, "{\"items\":[{\"title\":\"a\"},{\"name\":\"b\"}]}",
        now(), newId());
    assertError(unmapped, 400, "mapping_failed");
    assertThat(JSON.readTree(unmapped.body()).path("error").path("field").asText()).isEqualTo("/items/1/title");
  }

  @Test
  void aDeliveryRefusedBecauseNoNodeCouldTakeItCanBeSentAgain() throws Exception {
    String id = newId();
    String body = "{\"text\":\"while drained\"}";
    assertThat(post("/cluster/nodes/it-node/drain", "", Map.of()).statusCode()).isEqualTo(200);
    try {
      HttpResponse<String> refused = deliver("note", NOTE_SECRET, body, now(), id);
      assertError(refused, 503, "no_capable_node");
    } finally {
      assertThat(post("/cluster/nodes/it-node/undrain", "", Map.of()).statusCode()).isEqualTo(200);
    }
    Poll.until("the node to take tasks again", Duration.ofSeconds(10), () -> {
      HttpResponse<String> retried = deliver("note", NOTE_SECRET, body, now(), id);
      assertThat(retried.statusCode()).as("the same delivery id, sent again: %s", retried.body()).isNotEqualTo(409);
      return retried.statusCode() == 202;
    });
    assertError(deliver("note", NOTE_SECRET, body, now(), id), 409, "replayed_delivery");
  }

  @Test
  void aThousandItemPayloadIsOneJobWhoseResultsComeBackCompleteAndInOrder() throws Exception {
    StringBuilder items = new StringBuilder("{\"items\":[");
    for (int i = 0; i < 1000; i++) {
      items.append(i == 0 ? "" : ",").append("{\"title\":\"item ").append(i).append("\"}");
    }
    long start = System.nanoTime();
    HttpResponse<String> r = deliver("feed", FEED_SECRET, items.append("]}").toString(), now(), newId());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode accepted = JSON.readTree(r.body());
    assertThat(accepted.path("count").asInt()).isEqualTo(1000);

    JsonNode job = awaitJobEnded(accepted.path("job").asText());
    System.out.printf("1000-item job ended in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    assertThat(job.path("total").asInt()).isEqualTo(1000);
    assertThat(job.path("done").asInt()).isEqualTo(1000);
    assertThat(job.path("failed").asInt()).isZero();
    JsonNode results = job.path("results");
    assertThat(results.size()).isEqualTo(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
      assertThat(results.get(i).path("task").asText()).isEqualTo(accepted.path("tasks").get(i).asText());
      assertThat(results.get(i).path("result").path("embedding").size()).isPositive();
    }
    for (int i : new int[] {0, 1, 499, 998, 999}) {
      JsonNode task = JSON.readTree(get("/v1/tasks/" + accepted.path("tasks").get(i).asText()).body());
      assertThat(task.path("task").path("request").path("input").asText()).isEqualTo("item " + i);
    }
  }

  @Test
  void aCallbackThatFailsThreeTimesArrivesOnTheFourthAcrossAKill9() throws Exception {
    HttpResponse<String> r = deliver("scored", FEED_SECRET, "{\"items\":[{\"title\":\"a\"},{\"title\":\"b\"}]}",
        now(), newId());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String jobId = JSON.readTree(r.body()).path("job").asText();

    Poll.until("the second callback attempt", Duration.ofSeconds(30), () -> calls.get() >= 2);
    node.kill9();
    node.start();

    Poll.until("a delivered callback", Duration.ofSeconds(60), () -> calls.get() >= 4);
    Map.Entry<Map<String, List<String>>, byte[]> last = received.get(received.size() - 1);
    String ts = header(last.getKey(), Signature.TIMESTAMP_HEADER);
    assertThat(header(last.getKey(), Signature.DELIVERY_HEADER)).isEqualTo(jobId);
    assertThat(new Signature(FEED_SECRET).verify(header(last.getKey(), Signature.SIGNATURE_HEADER), ts, jobId,
        last.getValue())).as("signed with the hook's secret").isTrue();
    JsonNode delivered = JSON.readTree(last.getValue());
    assertThat(delivered.path("id").asText()).isEqualTo(jobId);
    assertThat(delivered.path("done").asInt()).isEqualTo(2);

    JsonNode job = Poll.until("the job to show its delivery", Duration.ofSeconds(10), () -> {
      JsonNode j = JSON.readTree(get("/v1/jobs/" + jobId).body());
      return j.path("callback").path("deliveredAt").isTextual() ? j : null;
    });
    JsonNode attempts = job.path("callback").path("attempts");
    // an attempt under way when the node was killed reached the receiver but was never written down
    assertThat(attempts.size()).as(attempts.toString()).isBetween(calls.get() - 1, calls.get());
    assertThat(attempts.get(0).path("status").asInt()).isEqualTo(500);
    assertThat(attempts.get(attempts.size() - 1).path("status").asInt()).isEqualTo(200);
  }

  @Test
  void aTaskPostedWithACallbackHasItsOutcomePostedThereSigned() throws Exception {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/task-cb";
    HttpResponse<String> r = post("/v1/tasks", "{\"kind\":\"embed\",\"input\":\"hi\",\"callback\":\"" + url + "\"}",
        Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String jobId = r.headers().firstValue("x-mesh-job").orElseThrow();
    String taskId = JSON.readTree(r.body()).path("id").asText();

    Poll.until("the task's callback", Duration.ofSeconds(30), () -> !taskCallbacks.isEmpty());
    Map.Entry<Map<String, List<String>>, byte[]> got = taskCallbacks.get(0);
    assertThat(new Signature(TASK_SECRET).verify(header(got.getKey(), Signature.SIGNATURE_HEADER),
        header(got.getKey(), Signature.TIMESTAMP_HEADER), jobId, got.getValue())).isTrue();
    JsonNode body = JSON.readTree(got.getValue());
    assertThat(body.path("results").get(0).path("task").asText()).isEqualTo(taskId);
    assertThat(body.path("results").get(0).path("state").asText()).isEqualTo("succeeded");

    assertError(post("/v1/tasks", "{\"kind\":\"embed\",\"input\":\"hi\",\"callback\":\"ftp://x\"}", Map.of()),
        400, "invalid_field");
    // not under callbacks.allow: a submit key can't aim the node at another address of the LAN
    assertError(post("/v1/tasks", "{\"kind\":\"embed\",\"input\":\"hi\",\"callback\":\"http://127.0.0.1:"
        + receiver.getAddress().getPort() + "/cb-elsewhere\"}", Map.of()), 400, "invalid_field");
  }

  private static JsonNode awaitJobEnded(String jobId) throws Exception {
    return Poll.until("job " + jobId + " to end", Duration.ofSeconds(90), () -> {
      JsonNode job = JSON.readTree(get("/v1/jobs/" + jobId).body());
      return job.path("ended").asBoolean() ? job : null;
    });
  }

  private static HttpResponse<String> deliver(String hook, String secret, String body, long timestamp, String id)
      throws Exception {
    String signature = new Signature(secret).sign(timestamp, id, body.getBytes(StandardCharsets.UTF_8));
    return post("/hooks/" + hook, body, Map.of(Signature.TIMESTAMP_HEADER, Long.toString(timestamp),
        Signature.DELIVERY_HEADER, id, Signature.SIGNATURE_HEADER, signature));
  }

  private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).as(r.body()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
  }

  private static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
        .map(e -> e.getValue().get(0)).orElse(null);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
