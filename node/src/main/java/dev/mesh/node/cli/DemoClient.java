package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the demo: it talks to the nodes exactly as any user's tool would. */
final class DemoClient {
  private static final Duration ENGINE_READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Short: a node that doesn't answer its health check soon counts as still starting. */
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);
  /** Each long-poll for a result; polled again until the task ends. */
  private static final int RESULT_WAIT_SECONDS = 30;
  // HTTP/1.1: dozens of long-polls in flight each get their own connection, no h2c upgrade dance
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  DemoClient(String base) {
    this.base = base;
  }

  String base() {
    return base;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return MeshJson.mapper().readTree(send(request(path).GET().build()).body());
  }

  /** The status code of GET /health; throws when nothing listens yet. */
  int health() throws IOException, InterruptedException {
    return send(request("/health").timeout(HEALTH_TIMEOUT).GET().build()).statusCode();
  }

  /** Every live node's advert, as this node sees the cluster. */
  List<NodeAdvert> adverts() throws IOException, InterruptedException {
    List<NodeAdvert> adverts = new ArrayList<>();
    for (JsonNode node : get("/cluster/status").path("nodes")) {
      adverts.add(MeshJson.mapper().treeToValue(node, NodeAdvert.class));
    }
    return adverts;
  }

  /** POSTs a task and waits for its result; returns the response body (a task record or an error). */
  JsonNode submit(String json, int waitSeconds) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/tasks?wait=" + waitSeconds))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return MeshJson.mapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** POSTs a task without waiting for it; returns its id once the node has accepted it (202). */
  String accept(String json) throws IOException, InterruptedException {
    HttpResponse<String> response = send(request("/v1/tasks").header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    if (response.statusCode() != 202 && response.statusCode() != 200) {
      throw new IOException(base + " refused a task (" + response.statusCode() + "): " + response.body());
    }
    return MeshJson.mapper().readTree(response.body()).path("id").asText();
  }

  /** The task's record once it has ended (succeeded, failed or expired), by long-polling its status. */
  CompletableFuture<TaskRecord> ended(String id) {
    HttpRequest poll = HttpRequest.newBuilder(URI.create(base + "/v1/tasks/" + id + "?wait=" + RESULT_WAIT_SECONDS))
        .timeout(REQUEST_TIMEOUT.plusSeconds(RESULT_WAIT_SECONDS)).GET().build();
    return http.sendAsync(poll, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
      if (response.statusCode() != 200) {
        return CompletableFuture.failedFuture(
            new IOException("GET " + poll.uri() + " answered " + response.statusCode() + ": " + response.body()));
      }
      TaskRecord record = TaskCodec.decode(response.body(), TaskRecord.class);
      return record.terminal() ? CompletableFuture.completedFuture(record) : ended(id);
    });
  }

  /** Waits until /health says UP (engine loaded) and the self-benchmark has measured the model. */
  void awaitEngineReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ENGINE_READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (health() == 200 && adverts().stream().allMatch(DemoClient::measured)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException("the node's engine did not become ready within " + ENGINE_READY_TIMEOUT.toMinutes()
        + " minutes; see " + base + "/health");
  }

  /** True once the node's self-benchmark has measured each of its models (nothing to measure without an engine). */
  static boolean measured(NodeAdvert advert) {
    if (advert.engine() == null || !advert.engine().available()) {
      return true;
    }
    return advert.models().stream().mapToDouble(ModelInfo::decodeTokensPerSecond).allMatch(speed -> speed > 0);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
