package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** kill -9 of the engine process mid-generation fails that task only; the node stays up and the next task runs. */
class EngineCrashIT {
  @Test
  void engineKilledMidGenerationFailsTheTaskWithEngineCrashedAndTheNodeCarriesOn() throws Exception {
    // the synthetic model never emits end-of-text, so this generation surely runs long enough to be cut
    try (NodeProcess node = NodeProcess.configure(Files.createTempDirectory("mesh-crash-it-"),
        TestModels.synthetic(), null).start()) {
      ProcessHandle engine = node.engine().orElseThrow();
      String id = NodeProcess.json(node.post("/v1/tasks",
          "{\"kind\":\"generate\",\"prompt\":\"Hello\",\"params\":{\"maxTokens\":1900,\"temperature\":0.8}}"))
          .path("id").asText();
      Poll.until("task to run", Duration.ofSeconds(30),
          () -> "running".equals(NodeProcess.json(node.get("/v1/tasks/" + id)).path("state").asText()));

      assertThat(engine.destroyForcibly()).isTrue();

      JsonNode failed = Poll.until("task to fail", Duration.ofSeconds(30), () -> {
        JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
        return r.path("state").asText().equals("failed") ? r : null;
      });
      assertThat(failed.path("error").path("code").asText()).isEqualTo("engine_crashed");
      assertThat(failed.path("error").path("message").asText()).contains("SIGKILL");
      assertThat(node.alive()).isTrue();

      Poll.until("engine to restart", Duration.ofSeconds(60), () -> node.get("/health").statusCode() == 200);
      assertThat(node.engine().orElseThrow().pid()).isNotEqualTo(engine.pid());
      JsonNode next = NodeProcess.json(node.post("/v1/tasks?wait=60",
          "{\"kind\":\"generate\",\"prompt\":\"Hello\",\"params\":{\"maxTokens\":8}}"));
      assertThat(next.path("state").asText()).isEqualTo("succeeded");
      assertThat(node.alive()).isTrue();
    }
  }
}
