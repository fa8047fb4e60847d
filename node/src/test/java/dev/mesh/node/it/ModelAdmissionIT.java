package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RAM admission on a real node: {@code memory.limitMb} leaves room for one of its two models. Tasks alternate
 * between them; every one succeeds on the model it asked for, and the node never runs two engine processes at
 * once (sampled every 20 ms): it unloads the idle model to load the other.
 */
class ModelAdmissionIT {
  /** One synthetic model at 512 tokens needs ~117 MiB (estimate; its engine holds ~100): room for one, not two. */
  private static final int LIMIT_MB = 200;

  @Test
  void aNodeWithRoomForOneModelServesAlternatingTasksForTwoNeverHoldingBoth() throws Exception {
    Path dir = Files.createTempDirectory("mesh-admission-it-");
    Path first = ModelFixtures.write(dir.resolve("models"), "first", w -> w);
    Path second = dir.resolve("models/second.gguf");
    SyntheticModel.write(SyntheticModel.Spec.defaults().withSeed(7), second);
    try (NodeProcess node = NodeProcess.configure(dir, null, "memory: {reserveMb: 0, limitMb: " + LIMIT_MB + "}\n"
        + "models:\n  - {path: " + first + ", id: first, contextTokens: 512}\n"
        + "  - {path: " + second + ", id: second, contextTokens: 512}\n").start()) {
      JsonNode models = NodeProcess.json(node.get("/cluster/status")).at("/nodes/0/models");
      assertThat(models.findValuesAsText("loaded")).as("only the first fits at start: %s", models)
          .containsExactly("true", "false");
      AtomicInteger most = new AtomicInteger();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          most.accumulateAndGet((int) node.engines().count(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      try {
        for (int i = 0; i < 6; i++) {
          String model = i % 2 == 0 ? "second" : "first";
          HttpResponse<String> done = node.post("/v1/tasks?wait=120", "{\"kind\":\"generate\",\"model\":\"" + model
              + "\",\"prompt\":\"Hello\",\"params\":{\"maxTokens\":8}}");
          JsonNode record = NodeProcess.json(done);
          assertThat(record.path("state").asText()).as(done.body()).isEqualTo("succeeded");
          assertThat(record.at("/result/model").asText()).isEqualTo(model);
        }
      } finally {
        sampling.set(false);
        sampler.join();
      }
      assertThat(most.get()).as("engine processes at once").isEqualTo(1);
      JsonNode after = NodeProcess.json(node.get("/cluster/status")).at("/nodes/0/models");
      for (JsonNode m : after) {
        assertThat(m.path("estimatedRamBytes").asLong()).as("need of %s, measured", m.path("id").asText())
            .isLessThanOrEqualTo(LIMIT_MB * 1024L * 1024).isGreaterThan(LIMIT_MB * 1024L * 1024 / 2);
      }
    }
  }
}
