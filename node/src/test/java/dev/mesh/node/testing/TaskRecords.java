package dev.mesh.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Submitting tasks to a node and reading their records (state, hops with reasons) over HTTP. */
public final class TaskRecords {
  private static final Set<String> ENDED = Set.of("succeeded", "failed", "expired", "cancelled");

  private TaskRecords() {}

  /** POSTs a task, asserts the 202 and returns its id. */
  public static String submit(NodeProcess node, String body) throws Exception {
    HttpResponse<String> accepted = node.post("/v1/tasks", body);
    assertThat(accepted.statusCode()).as("submit to %s: %s", node.name(), accepted.body()).isEqualTo(202);
    return NodeProcess.json(accepted).path("id").asText();
  }

  public static JsonNode get(NodeProcess node, String id) throws Exception {
    return NodeProcess.json(node.get("/v1/tasks/" + id));
  }

  /** Polls the node until the task has ended; returns its record. */
  public static JsonNode awaitEnded(NodeProcess node, String id, Duration timeout) throws Exception {
    return Poll.until("task " + id + " to end (asking " + node.name() + ")", timeout, () -> {
      JsonNode r = get(node, id);
      return ENDED.contains(r.path("state").asText()) ? r : null;
    });
  }

  /** Polls the node until the task has a hop of {@code event}; returns the record. */
  public static JsonNode awaitHop(NodeProcess node, String id, String event, Duration timeout) throws Exception {
    return Poll.until("task " + id + " to record '" + event + "' (asking " + node.name() + ")", timeout, () -> {
      JsonNode r = get(node, id);
      return hops(r, event).isEmpty() ? null : r;
    });
  }

  /** The task's hops of one event, in order. */
  public static List<JsonNode> hops(JsonNode record, String event) {
    List<JsonNode> found = new ArrayList<>();
    record.path("hops").forEach(h -> {
      if (event.equals(h.path("event").asText())) {
        found.add(h);
      }
    });
    return found;
  }

  /** Milliseconds from {@code start} to the task's first hop of {@code event} (nodes share this machine's clock). */
  public static long msAfter(Instant start, JsonNode record, String event) {
    List<JsonNode> found = hops(record, event);
    if (found.isEmpty()) {
      throw new AssertionError("no '" + event + "' hop: " + history(record));
    }
    return Duration.between(start, Instant.parse(found.get(0).path("at").asText())).toMillis();
  }

  /** "[a accepted] [a routed "..."] [c hop "from a"] ...": the history for assertion messages. */
  public static String history(JsonNode record) {
    StringBuilder s = new StringBuilder();
    record.path("hops").forEach(h -> s.append('[').append(h.path("node").asText()).append(' ')
        .append(h.path("event").asText())
        .append(h.path("reason").isTextual() ? " \"" + h.path("reason").asText() + "\"" : "").append("] "));
    return s.toString().trim();
  }
}
