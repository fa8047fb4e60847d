package dev.mesh.bench.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.process.HttpJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A {@code stream: true} chat completion read to its {@code data: [DONE]}, as a node asks its OpenAI remote for one
 * (usage in the last event): what home's remote call costs without home around it.
 */
final class StreamedChat {
  private static final String DONE = "data: [DONE]";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private StreamedChat() {}

  static ObjectNode of(ObjectNode chat) {
    ObjectNode streamed = chat.deepCopy().put("stream", true);
    streamed.putObject("stream_options").put("include_usage", true);
    return streamed;
  }

  /** Posts it and reads the whole stream: the completion tokens its usage event names. */
  static int post(URI uri, ObjectNode streamed, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(HttpJson.JSON.writeValueAsString(streamed))).build();
    HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    List<String> events = r.body().lines().filter(l -> l.startsWith("data:")).toList();
    if (r.statusCode() != 200 || events.isEmpty() || !DONE.equals(events.get(events.size() - 1).strip())) {
      throw new IOException("streamed chat answered " + r.statusCode() + " without data: [DONE]: " + r.body());
    }
    int tokens = 0;
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode usage = HttpJson.JSON.readTree(event.substring("data:".length())).path("usage");
      tokens = usage.path("completion_tokens").asInt(tokens);
    }
    return tokens;
  }
}
