package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancelling tasks in a real two-node mesh: "a" serves the API only, "b" runs every task on a slow synthetic model
 * with a long context (it never emits end-of-text, so a generation of 12,000 tokens takes far longer than the test
 * waits; stories260K, served beside it when present, ends its stories by itself in a fraction of a second and answers
 * the short tasks). Every cancel enters at "a", so it reaches the running node only as a new version of the record.
 */
class CancelIT {
  private static final String SLOW = "synthetic-slow-long";
  private static final String LONG_TASK = "{\"kind\":\"generate\",\"model\":\"" + SLOW + "\",\"prompt\":\"Once upon a"
      + " time\",\"params\":{\"maxTokens\":12000,\"temperature\":0.8}}";
  private static final String SHORT_TASK = "{\"kind\":\"generate\",\"model\":\"" + SLOW + "\",\"prompt\":\"Hi\","
      + "\"params\":{\"maxTokens\":8}}";
  /** How soon a cancelled generation must have stopped and freed the engine; its whole run would take far longer. */
  private static final Duration STOPS_WITHIN = Duration.ofSeconds(2);

  private static MeshCluster mesh;
  private static NodeProcess a;
  private static NodeProcess b;
  private static Optional<Path> stories;

  @BeforeAll
  static void startMesh() throws Exception {
    stories = TestModels.stories260K();
    String models = "models:\n  - {path: " + TestModels.syntheticSlowLongContext() + ", contextTokens: "
        + TestModels.LONG_CONTEXT_TOKENS + "}\n"
        + stories.map(p -> "  - {path: " + p + "}\n").orElse("");
    String limits = "limits: {maxTokens: 16000, maxWaitSeconds: 60}\n";
    mesh = MeshCluster.builder()
        .node("a", null, "engine: {enabled: false}\n" + limits)
        .node("b", null, models + limits)
        .start();
    a = mesh.node("a");
    b = mesh.node("b");
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aRunningTaskCancelledAtAnotherNodeStopsItsEngineAndFreesIt() throws Exception {
    String id = submit(LONG_TASK);
    awaitState(b, id, "running", Duration.ofSeconds(30));

    HttpResponse<String> cancel = a.delete("/v1/tasks/" + id);

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    JsonNode cancelled = NodeProcess.json(cancel);
    assertThat(cancelled.path("state").asText()).isEqualTo("cancelled");
    assertThat(cancelled.at("/error/code").asText()).isEqualTo("cancelled");
    assertThat(lastHop(cancelled).path("node").asText()).isEqualTo("a");
    assertThat(lastHop(cancelled).path("reason").asText()).isEqualTo("DELETE /v1/tasks/" + id);
    // the running node heard it and its engine stopped: a next task on the same model starts at once
    awaitState(b, id, "cancelled", STOPS_WITHIN);
    JsonNode next = NodeProcess.json(a.post("/v1/tasks?wait=30", SHORT_TASK));
    assertThat(next.path("state").asText()).as(next.toString()).isEqualTo("succeeded");
    assertThat(next.at("/result/executedBy").asText()).isEqualTo("b");
    assertThat(next.at("/result/timings/queuedMs").asLong()).as("waited behind the cancelled generation")
        .isLessThan(STOPS_WITHIN.toMillis());
    // the stopped generation's own outcome came back to b after the cancel and was refused: cancelled stands
    assertThat(NodeProcess.json(b.get("/v1/tasks/" + id)).path("state").asText()).isEqualTo("cancelled");
    // counted once, where the cancel was made
    assertThat(a.get("/metrics").body().lines().filter(l -> l.startsWith("mesh_tasks_total{"))
        .filter(l -> l.contains("state=\"cancelled\"") && l.contains("kind=\"generate\"")))
        .as("mesh_tasks_total{state=cancelled} on a").isNotEmpty();
  }

  @Test
  void aQueuedTaskCancelledNeverRunsAndLeavesItsQueue() throws Exception {
    String running = submit(LONG_TASK);
    awaitState(b, running, "running", Duration.ofSeconds(30));
    String queued = submit(LONG_TASK);
    Poll.until("second task queued on b", Duration.ofSeconds(10), () -> {
      JsonNode r = NodeProcess.json(b.get("/v1/tasks/" + queued));
      return r.at("/placement/holder").asText().equals("b") && r.path("state").asText().equals("queued") ? r : null;
    });

    assertThat(a.delete("/v1/tasks/" + queued).statusCode()).isEqualTo(200);
    Poll.until("b's queue to empty", STOPS_WITHIN,
        () -> MeshCluster.status(b).path("nodes").get(0).at("/load/queued").asInt() == 0 ? true : null);
    assertThat(a.delete("/v1/tasks/" + running).statusCode()).isEqualTo(200);
    awaitState(b, running, "cancelled", STOPS_WITHIN);

    JsonNode never = NodeProcess.json(b.get("/v1/tasks/" + queued));
    assertThat(never.path("state").asText()).isEqualTo("cancelled");
    assertThat(events(never)).doesNotContain("started");
    assertThat(never.path("attempts").asInt()).isZero();
  }

  @Test
  void cancellingAnEndedTaskIsAConflictNamingItsStateAndAnUnknownOneIsNotFound() throws Exception {
    String quick = stories.isPresent()
        ? "{\"kind\":\"generate\",\"model\":\"stories260K\",\"prompt\":\"Once upon a time\",\"params\":{\"maxTokens\":8}}"
        : SHORT_TASK;
    JsonNode done = NodeProcess.json(a.post("/v1/tasks?wait=30", quick));
    assertThat(done.path("state").asText()).isEqualTo("succeeded");

    HttpResponse<String> late = a.delete("/v1/tasks/" + done.path("id").asText());

    assertThat(late.statusCode()).isEqualTo(409);
    JsonNode error = NodeProcess.json(late).path("error");
    assertThat(error.path("code").asText()).isEqualTo("task_ended");
    assertThat(error.path("message").asText()).contains("had already ended: succeeded on b");
    assertThat(NodeProcess.json(b.get("/v1/tasks/" + done.path("id").asText())).path("state").asText())
        .isEqualTo("succeeded");
    HttpResponse<String> unknown = a.delete("/v1/tasks/t-00000000-0000000000");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void anOpenAiStreamingClientThatGoesAwayMidStreamCancelsItsTask() throws Exception {
    String body = "{\"model\":\"" + SLOW + "\",\"stream\":true,\"max_tokens\":12000,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story\"}]}";
    String id;
    try (RawStream stream = RawStream.post(a, "/v1/chat/completions", body)) {
      id = stream.header("x-mesh-task");
      stream.readAtLeast(200); // text is flowing: the task runs on b
      assertThat(NodeProcess.json(b.get("/v1/tasks/" + id)).path("state").asText()).isEqualTo("running");
    }
    JsonNode cancelled = awaitState(b, id, "cancelled", STOPS_WITHIN);
    assertThat(lastHop(cancelled).path("reason").asText())
        .isEqualTo("its client went away before the answer to POST /v1/chat/completions (stream)");
  }

  @Test
  void anObserverLeavingTheEventStreamCancelsNothingButTheSubmissionsOwnStreamDoes() throws Exception {
    String watched = submit(LONG_TASK);
    awaitState(b, watched, "running", Duration.ofSeconds(30));
    try (RawStream observer = RawStream.get(a, "/v1/tasks/" + watched + "/events")) {
      observer.readUntil("event: started");
    }
    Thread.sleep(STOPS_WITHIN.toMillis()); // what a wrongly cancelled task would have needed to show it
    assertThat(NodeProcess.json(b.get("/v1/tasks/" + watched)).path("state").asText()).isEqualTo("running");
    assertThat(a.delete("/v1/tasks/" + watched).statusCode()).isEqualTo(200);

    String own;
    try (RawStream stream = RawStream.post(a, "/v1/tasks?stream=true", LONG_TASK)) {
      own = stream.header("location").substring("/v1/tasks/".length());
      stream.readUntil("event: tokens");
    }
    JsonNode cancelled = awaitState(b, own, "cancelled", STOPS_WITHIN);
    assertThat(lastHop(cancelled).path("reason").asText()).contains("POST /v1/tasks?stream=true");
  }

  private static String submit(String task) throws Exception {
    HttpResponse<String> accepted = a.post("/v1/tasks", task);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return NodeProcess.json(accepted).path("id").asText();
  }

  private static JsonNode awaitState(NodeProcess node, String id, String state, Duration within) throws Exception {
    return Poll.until("task " + id + " " + state + " on " + node.name(), within, () -> {
      JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
      return r.path("state").asText().equals(state) ? r : null;
    });
  }

  private static JsonNode lastHop(JsonNode record) {
    JsonNode hops = record.path("hops");
    return hops.get(hops.size() - 1);
  }

  private static List<String> events(JsonNode record) {
    List<String> events = new ArrayList<>();
    record.path("hops").forEach(h -> events.add(h.path("event").asText()));
    return events;
  }

  /** A streaming HTTP/1.1 client on a bare socket, so the test decides exactly when the connection goes away. */
  private static final class RawStream implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder body = new StringBuilder();

    private RawStream(NodeProcess node, String method, String path, String json) throws Exception {
      socket = new Socket("127.0.0.1", node.port());
      socket.setSoTimeout(30_000);
      byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n")
          + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      in = socket.getInputStream();
      while (head.indexOf("\r\n\r\n") < 0) {
        int c = in.read();
        if (c < 0) {
          throw new AssertionError("connection closed before the headers: " + head);
        }
        head.append((char) c);
      }
      assertThat(head.toString()).as("response head").startsWith("HTTP/1.1 200");
    }

    static RawStream post(NodeProcess node, String path, String json) throws Exception {
      return new RawStream(node, "POST", path, json);
    }

    static RawStream get(NodeProcess node, String path) throws Exception {
      return new RawStream(node, "GET", path, null);
    }

    String header(String name) {
      for (String line : head.toString().split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      throw new AssertionError("no " + name + " header in " + head);
    }

    void readAtLeast(int chars) throws Exception {
      read(() -> body.length() >= chars);
    }

    void readUntil(String text) throws Exception {
      read(() -> body.indexOf(text) >= 0);
    }

    private void read(java.util.function.BooleanSupplier enough) throws Exception {
      byte[] buffer = new byte[4096];
      while (!enough.getAsBoolean()) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new AssertionError("stream ended early: " + body);
        }
        body.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    }

    /** Goes away without a word, as a client whose user closed the tab does. */
    @Override
    public void close() throws Exception {
      socket.close();
    }
  }
}
