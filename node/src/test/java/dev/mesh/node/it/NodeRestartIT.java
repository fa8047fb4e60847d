package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks are journaled before the 202: a node killed with -9 right after finishes them when it comes back. */
class NodeRestartIT {
  private static final int TASKS = 3;

  @Test
  void tasksAcceptedBeforeAKillNineCompleteAfterRestart() throws Exception {
    NodeProcess node = NodeProcess.configure(Files.createTempDirectory("mesh-restart-it-"),
        TestModels.synthetic(), null).start();
    List<String> ids = new ArrayList<>();
    try {
      for (int i = 0; i < TASKS; i++) {
        var accepted = node.post("/v1/tasks",
            "{\"kind\":\"generate\",\"prompt\":\"Task " + i + "\",\"params\":{\"maxTokens\":600}}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        ids.add(NodeProcess.json(accepted).path("id").asText());
      }
      node.kill9();
      assertThat(node.alive()).isFalse();

      node.start();
      for (String id : ids) {
        JsonNode done = Poll.until("task " + id + " to finish after restart", Duration.ofSeconds(90), () -> {
          JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
          return r.path("state").asText().equals("succeeded") ? r : null;
        });
        assertThat(done.path("result").path("usage").path("completionTokens").asInt()).isEqualTo(600);
      }
      // the last task cannot have run before the kill: it was requeued from the journal
      JsonNode last = NodeProcess.json(node.get("/v1/tasks/" + ids.get(TASKS - 1)));
      assertThat(last.path("hops").findValuesAsText("event")).contains("requeued");
    } finally {
      node.close();
    }
  }
}
