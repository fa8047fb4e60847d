package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.json.MeshJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator commands' way to a node's HTTP API: a base URL and, when the node wants one, an API key (from
 * {@code --key} or {@code MESH_API_KEY}). Failures become one-line messages for a terminal.
 */
final class NodeApi {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private final URI base;
  private final String key;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  NodeApi(String url, String key) {
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.key = key != null ? key : System.getenv("MESH_API_KEY");
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  JsonNode post(String path, String json) throws IOException, InterruptedException {
    return send(request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** Told each server-sent event (name, JSON data); returns false to stop reading. */
  @FunctionalInterface
  interface EventListener {
    boolean event(String name, JsonNode data) throws IOException;
  }

  /** Reads a server-sent event stream until it ends or the listener says stop. */
  void events(String path, EventListener listener) throws IOException, InterruptedException {
    HttpRequest request = request(path).timeout(Duration.ofHours(1)).GET().build();
    HttpResponse<java.util.stream.Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + r.statusCode());
    }
    try (java.util.stream.Stream<String> lines = r.body()) {
      String event = null;
      StringBuilder data = new StringBuilder();
      for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.isEmpty() && data.length() > 0) {
          if (!listener.event(event, MeshJson.mapper().readTree(data.toString()))) {
            return;
          }
          event = null;
          data.setLength(0);
        }
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    if (key != null && !key.isBlank()) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("no node answers at " + base + " (is it running? --url points elsewhere)", e);
    }
    JsonNode body;
    try {
      body = MeshJson.mapper().readTree(r.body());
    } catch (IOException e) {
      throw new IOException(request.uri() + " answered " + r.statusCode() + " with a body that is not JSON", e);
    }
    if (r.statusCode() >= 400) {
      String message = body.path("error").path("message").asText("");
      throw new IOException(request.method() + " " + request.uri().getPath() + ": " + r.statusCode() + " "
          + (message.isEmpty() ? r.body() : message)
          + (r.statusCode() == 401 ? " (pass the key with --key or MESH_API_KEY)" : ""));
    }
    return body;
  }
}
