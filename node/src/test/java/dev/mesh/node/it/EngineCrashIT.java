package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the engine process mid-generation: the node stays up, the engine restarts, and the task is tried
 * once more (here, after the restart: no other node can run it) — it succeeds then, or, killed again, fails
 * naming both crashes.
 */
class EngineCrashIT {
  /** 4,000 tokens on the synthetic model (it never emits end-of-text): seconds of generation to cut. */
  private static final String LONG_TASK =
      "{\"kind\":\"generate\",\"prompt\":\"Hello\",\"params\":{\"maxTokens\":4000,\"temperature\":0.8}}";

  @Test
  void aTaskWhoseEngineCrashedOnceIsRunAgainAfterTheRestartAndSucceeds() throws Exception {
    try (NodeProcess node = longContextNode().start()) {
      String id = submit(node);
      long first = killEngineWhileRunning(node, id, -1);

      JsonNode done = Poll.until("task to succeed after one crash", Duration.ofSeconds(120), () -> {
        JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
        return r.path("state").asText().equals("succeeded") ? r : null;
      });
      assertThat(events(done)).containsSubsequence("started", "crashed", "started", "finished");
      assertThat(hop(done, "crashed").path("reason").asText()).contains("SIGKILL").contains("trying once more");
      assertThat(node.engine().orElseThrow().pid()).isNotEqualTo(first);
      assertThat(node.alive()).isTrue();
    }
  }

  @Test
  void aTaskWhoseEngineCrashedTwiceFailsNamingBothCrashes() throws Exception {
    try (NodeProcess node = longContextNode().start()) {
      String id = submit(node);
      long first = killEngineWhileRunning(node, id, -1);
      killEngineWhileRunning(node, id, first);

      JsonNode failed = Poll.until("task to fail", Duration.ofSeconds(60), () -> {
        JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
        return r.path("state").asText().equals("failed") ? r : null;
      });
      assertThat(failed.at("/error/code").asText()).isEqualTo("engine_crashed");
      assertThat(failed.at("/error/message").asText()).contains("crashed twice").contains("first on it-node")
          .contains("then on it-node");
      Poll.until("engine to restart", Duration.ofSeconds(60), () -> node.get("/health").statusCode() == 200);
      JsonNode next = NodeProcess.json(node.post("/v1/tasks?wait=60",
          "{\"kind\":\"generate\",\"prompt\":\"Hello\",\"params\":{\"maxTokens\":8}}"));
      assertThat(next.path("state").asText()).isEqualTo("succeeded");
    }
  }

  private static String submit(NodeProcess node) throws Exception {
    var accepted = node.post("/v1/tasks", LONG_TASK);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return NodeProcess.json(accepted).path("id").asText();
  }

  private static NodeProcess longContextNode() throws Exception {
    return NodeProcess.configure(Files.createTempDirectory("mesh-crash-it-"), null, "models:\n  - {path: "
        + TestModels.syntheticLongContext() + ", contextTokens: " + TestModels.LONG_CONTEXT_TOKENS + "}\n");
  }

  /** Waits until the task runs on an engine other than {@code notPid}, then kills that engine; returns its pid. */
  private static long killEngineWhileRunning(NodeProcess node, String id, long notPid) throws Exception {
    ProcessHandle engine = Poll.until("task running on a fresh engine", Duration.ofSeconds(60), () -> {
      JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
      ProcessHandle e = node.engine().orElse(null);
      boolean attemptAfterTheCrash = notPid < 0 || events(r).contains("crashed");
      return r.path("state").asText().equals("running") && attemptAfterTheCrash && e != null && e.pid() != notPid
          ? e : null;
    });
    assertThat(engine.destroyForcibly()).isTrue();
    return engine.pid();
  }

  private static java.util.List<String> events(JsonNode record) {
    java.util.List<String> events = new java.util.ArrayList<>();
    record.path("hops").forEach(h -> events.add(h.path("event").asText()));
    return events;
  }

  private static JsonNode hop(JsonNode record, String event) {
    for (JsonNode h : record.path("hops")) {
      if (h.path("event").asText().equals(event)) {
        return h;
      }
    }
    throw new AssertionError("no " + event + " hop in " + record.path("hops"));
  }
}
