package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A task sent through the shared folder to a node that froze comes back to its sender, which claims and runs it
 * itself: the cluster's record must end too, so every node answers {@code succeeded} — before, the claim-back
 * path only ended the sender's own copy and the other members answered {@code queued} forever.
 */
class FolderClaimBackIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aTaskTheSenderClaimsBackFromTheFolderEndsInTheClusterRecordSeenByEveryNode() throws Exception {
    Path shared = Files.createTempDirectory("mesh-claim-back-it-");
    String folder = "handoff: {dir: " + shared + ", pollMs: 100}\n";
    try (MeshCluster mesh = MeshCluster.builder()
        .node("a", TestModels.syntheticSlow(), folder)
        .node("b", TestModels.synthetic(), "cluster: {enabled: false}\n" + folder)
        .node("c", null, "engine: {enabled: false}\n" + folder)
        .start()) {
      NodeProcess a = mesh.node("a");
      NodeProcess c = mesh.node("c");
      // b's advert stays fresh for a few seconds after it freezes: a routes to it (faster) through the folder
      mesh.node("b").pause();
      String id = TaskRecords.submit(a, "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}");

      JsonNode atA = TaskRecords.awaitEnded(a, id, TIMEOUT);
      String history = TaskRecords.history(atA);
      assertThat(TaskRecords.hops(atA, "handoff")).as(history).isNotEmpty();
      assertThat(TaskRecords.hops(atA, "handoff").get(0).path("reason").asText()).as(history)
          .contains("sent through the shared folder to b");
      assertThat(atA.path("state").asText()).as(history).isEqualTo("succeeded");
      assertThat(atA.path("result").path("executedBy").asText()).as(history).isEqualTo("a");

      JsonNode atC = TaskRecords.awaitEnded(c, id, Duration.ofSeconds(10));
      assertThat(atC.path("state").asText()).as("c: " + TaskRecords.history(atC)).isEqualTo("succeeded");
      assertThat(atC.path("result").path("executedBy").asText()).isEqualTo("a");
      assertThat(TaskRecords.hops(atC, "finished")).hasSize(1);
    }
  }
}
