package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.json.MeshJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the demo: it talks to the node exactly as any user's tool would. */
final class DemoClient {
  private static final Duration ENGINE_READY_TIMEOUT = Duration.ofMinutes(3);
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  DemoClient(String base) {
    this.base = base;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return MeshJson.mapper().readTree(response.body());
  }

  /** POSTs a task and waits for its result; returns the response body (a task record or an error). */
  JsonNode submit(String json, int waitSeconds) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/tasks?wait=" + waitSeconds))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return MeshJson.mapper().readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Waits until /health says UP (engine loaded) and the self-benchmark has measured the model. */
  void awaitEngineReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ENGINE_READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (health.statusCode() == 200 && measured(get("/cluster/status"))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException("the node's engine did not become ready within " + ENGINE_READY_TIMEOUT.toMinutes()
        + " minutes; see " + base + "/health");
  }

  private static boolean measured(JsonNode status) {
    for (JsonNode node : status.path("nodes")) {
      if (!node.path("engine").path("available").asBoolean(false)) {
        return true; // nothing to measure on a node without a local engine
      }
      for (JsonNode model : node.path("models")) {
        if (model.path("decodeTokensPerSecond").asDouble() <= 0) {
          return false;
        }
      }
    }
    return true;
  }
}
