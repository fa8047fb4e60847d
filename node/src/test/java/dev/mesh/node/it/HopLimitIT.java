package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.AdvertForger;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Receivers that cannot run what they were chosen for: stale adverts (forged by a test member) claim
 * that {@code a} and {@code c} serve models they do not. The receiver re-checks, routes on, never back
 * to a node the task visited, and stops at its hop limit ({@code c} allows 1) — each failure saying why.
 */
class HopLimitIT {
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(30);
  private static MeshCluster mesh;
  private static AdvertForger forger;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = MeshCluster.builder()
        .node("a", TestModels.synthetic(), "routing: {hopLimit: 3}\n")
        .node("b", null, "engine: {enabled: false}\n")
        .node("c", TestModels.synthetic(), "routing: {hopLimit: 1}\n")
        .start();
    forger = AdvertForger.join(mesh);
    // phantom-1: a looks fastest, c next; phantom-2: c looks fastest, a next (4 tokens: ~0 s against 0.4 s)
    forger.forge("a", AdvertForger.phantomModel("phantom-1", 1e6));
    forger.forge("c", AdvertForger.phantomModel("phantom-1", 10));
    forger.forge("c", AdvertForger.phantomModel("phantom-2", 1e6));
    forger.forge("a", AdvertForger.phantomModel("phantom-2", 10));
    Poll.until("b to believe the forged adverts of a and c", Duration.ofSeconds(20),
        () -> servesPhantoms(mesh.node("b"), "a") && servesPhantoms(mesh.node("b"), "c"));
  }

  /** Whether {@code viewer}'s status shows {@code node} with both phantom models. */
  private static boolean servesPhantoms(NodeProcess viewer, String node) throws Exception {
    for (JsonNode n : MeshCluster.status(viewer).path("nodes")) {
      if (n.path("name").asText().equals(node)) {
        String models = n.path("models").findValuesAsText("id").toString();
        return models.contains("phantom-1") && models.contains("phantom-2");
      }
    }
    return false;
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (forger != null) {
      forger.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void receiverThatCannotRunATaskRoutesItOnButNeverBackToANodeItVisited() throws Exception {
    NodeProcess entry = mesh.node("b");
    JsonNode failed = TaskRecords.awaitEnded(entry, TaskRecords.submit(entry,
        "{\"kind\":\"generate\",\"model\":\"phantom-1\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}"), TASK_TIMEOUT);
    String history = TaskRecords.history(failed);
    assertThat(failed.path("state").asText()).as(history).isEqualTo("failed");
    // b → a (stale advert) → c (stale advert) → nowhere: a and b were visited, c's own model is not phantom-1
    assertThat(TaskRecords.hops(failed, "hop")).as(history).extracting(h -> h.path("node").asText())
        .containsExactly("a", "c");
    assertThat(TaskRecords.hops(failed, "routed")).as(history).extracting(h -> h.path("node").asText())
        .containsExactly("b", "a");
    assertThat(TaskRecords.hops(failed, "routed").get(1).path("reason").asText()).as(history)
        .startsWith("c: est").contains("b: excluded: already visited (no revisits)");
    JsonNode error = failed.path("error");
    assertThat(error.path("code").asText()).as(history).isEqualTo("no_capable_node");
    assertThat(error.path("message").asText()).as(history)
        .contains("a (already visited (no revisits))")
        .contains("b (already visited (no revisits))")
        .contains("c (synthetic: not model phantom-1)");
    assertThat(TaskRecords.hops(failed, "started")).as(history).isEmpty();
  }

  @Test
  void hopLimitStopsATaskAtTheNodeThatWouldHandItOnAgain() throws Exception {
    NodeProcess entry = mesh.node("b");
    JsonNode failed = TaskRecords.awaitEnded(entry, TaskRecords.submit(entry,
        "{\"kind\":\"generate\",\"model\":\"phantom-2\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}"), TASK_TIMEOUT);
    String history = TaskRecords.history(failed);
    assertThat(failed.path("state").asText()).as(history).isEqualTo("failed");
    assertThat(TaskRecords.hops(failed, "hop")).as(history).extracting(h -> h.path("node").asText())
        .containsExactly("c");
    JsonNode error = failed.path("error");
    assertThat(error.path("code").asText()).as(history).isEqualTo("no_capable_node");
    assertThat(error.path("message").asText()).as(history)
        .startsWith("hop limit 1 reached")
        .contains("a: est").contains("(chosen");
    assertThat(TaskRecords.hops(failed, "failed").get(0).path("node").asText()).as(history).isEqualTo("c");
  }
}
