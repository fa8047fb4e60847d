package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import dev.mesh.protocol.json.MeshJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cancelling tasks that went through the shared folder to a node outside the cluster ("b", which hears of the mesh
 * only through the folder): the sender answers the cancel there with the task's result file, and b — which claimed
 * both tasks, one running, one queued behind it — ends its own copies as that file says: the queued one never starts,
 * the running one's generation stops, and nothing b does later overwrites "cancelled".
 */
class FolderCancelIT {
  /** The most the folder takes (its files are held to the default limits): about ten seconds on b's model. */
  private static final String LONG_TASK = "{\"kind\":\"generate\",\"prompt\":\"Once upon a time\","
      + "\"params\":{\"maxTokens\":4000,\"temperature\":0.8}}";
  /** One folder scan each way (pollMs 100) and the engine's next token, with room for a busy CI machine. */
  private static final Duration STOPS_WITHIN = Duration.ofSeconds(5);

  @Test
  void tasksCancelledWhileClaimedByANodeOutsideTheClusterEndThereUnrunOrStopped() throws Exception {
    Path shared = Files.createTempDirectory("mesh-folder-cancel-it-");
    String folder = "handoff: {dir: " + shared + ", pollMs: 100}\n";
    try (MeshCluster mesh = MeshCluster.builder()
        .node("a", null, "engine: {enabled: false}\n" + folder)
        .node("b", null, "cluster: {enabled: false}\nmodels:\n  - {path: " + TestModels.syntheticSlowLongContext()
            + ", contextTokens: " + TestModels.LONG_CONTEXT_TOKENS + "}\n" + folder)
        .start()) {
      NodeProcess a = mesh.node("a");
      NodeProcess b = mesh.node("b");
      String running = TaskRecords.submit(a, LONG_TASK);
      awaitState(b, running, "running", Duration.ofSeconds(30));
      String queued = TaskRecords.submit(a, LONG_TASK);
      awaitState(b, queued, "queued", Duration.ofSeconds(10)); // claimed by b, behind the first

      assertThat(a.delete("/v1/tasks/" + queued).statusCode()).isEqualTo(200);
      assertThat(a.delete("/v1/tasks/" + running).statusCode()).isEqualTo(200);

      JsonNode neverRun = awaitState(b, queued, "cancelled", STOPS_WITHIN);
      assertThat(TaskRecords.hops(neverRun, "started")).as(TaskRecords.history(neverRun)).isEmpty();
      awaitState(b, running, "cancelled", STOPS_WITHIN);
      // b's engine is free: a short task through the folder is served at once
      JsonNode next = NodeProcess.json(a.post("/v1/tasks?wait=30",
          "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":8}}"));
      assertThat(next.path("state").asText()).as(next.toString()).isEqualTo("succeeded");
      assertThat(next.at("/result/timings/queuedMs").asLong()).isLessThan(STOPS_WITHIN.toMillis());
      for (String id : new String[] {running, queued}) {
        assertThat(TaskRecords.get(a, id).path("state").asText()).isEqualTo("cancelled");
        JsonNode result = MeshJson.mapper().readTree(shared.resolve("results").resolve(id + ".json").toFile());
        assertThat(result.path("state").asText()).as("the folder's result of %s", id).isEqualTo("cancelled");
      }
    }
  }

  private static JsonNode awaitState(NodeProcess node, String id, String state, Duration within) throws Exception {
    return Poll.until("task " + id + " " + state + " on " + node.name(), within, () -> {
      JsonNode r = NodeProcess.json(node.get("/v1/tasks/" + id));
      return r.path("state").asText().equals(state) ? r : null;
    });
  }
}
