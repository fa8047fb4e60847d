package dev.mesh.bench.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A blocking JSON client for the node's HTTP API; one shared connection pool. */
public final class HttpJson {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

  /** Status and parsed body (a missing node when the body is not JSON). */
  public record Response(int status, JsonNode body) {}

  private HttpJson() {}

  public static Response get(URI uri, Duration timeout) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
  }

  public static Response post(URI uri, JsonNode body, Duration timeout) throws IOException, InterruptedException {
    return parse(CLIENT.send(postRequest(uri, body, timeout), HttpResponse.BodyHandlers.ofString()));
  }

  /** The same POST without blocking the caller: for many requests in flight. */
  public static CompletableFuture<Response> postAsync(URI uri, JsonNode body, Duration timeout) throws IOException {
    return CLIENT.sendAsync(postRequest(uri, body, timeout), HttpResponse.BodyHandlers.ofString())
        .thenApply(HttpJson::parse);
  }

  private static HttpRequest postRequest(URI uri, JsonNode body, Duration timeout) throws IOException {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
  }

  private static Response send(HttpRequest request) throws IOException, InterruptedException {
    return parse(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static Response parse(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = JSON.missingNode();
    }
    return new Response(response.statusCode(), body == null ? JSON.missingNode() : body);
  }
}
