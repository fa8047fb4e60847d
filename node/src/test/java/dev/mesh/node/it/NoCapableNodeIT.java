package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A mesh where no node can run anything ({@code a} and {@code b} run no engine): tasks are refused
 * with the reason of every node, or — if they ask to wait — wait until their deadline, or until a
 * capable node ({@code c}, started last) joins.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoCapableNodeIT {
  private static final String NO_ENGINE = "engine: {enabled: false}\n";
  private static MeshCluster mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = MeshCluster.builder()
        .node("a", null, NO_ENGINE)
        .node("b", null, NO_ENGINE)
        .nodeStartedLater("c", TestModels.synthetic(), null)
        .start();
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  @Order(1)
  void refusesWith503NamingEveryNodeAndWhyItCannotRunTheTask() throws Exception {
    HttpResponse<String> refused = mesh.node("a").post("/v1/tasks",
        "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    JsonNode error = NodeProcess.json(refused).path("error");
    assertThat(error.path("code").asText()).isEqualTo("no_capable_node");
    assertThat(error.path("message").asText())
        .contains("a (no local engine: local engine disabled in config (engine.enabled: false))")
        .contains("b (no local engine: local engine disabled in config (engine.enabled: false))");

    HttpResponse<String> noModel = mesh.node("b").post("/v1/tasks",
        "{\"kind\":\"embed\",\"model\":\"nomic-embed\",\"input\":\"x\"}");
    assertThat(noModel.statusCode()).as(noModel.body()).isEqualTo(400);
    assertThat(NodeProcess.json(noModel).path("error").path("code").asText()).isEqualTo("no_model");
  }

  @Test
  @Order(2)
  void taskThatWaitsForANodeExpiresAtItsDeadlineWhenNoneAppears() throws Exception {
    String id = TaskRecords.submit(mesh.node("a"), "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"timeoutSeconds\":2,"
        + "\"requirements\":{\"waitForNode\":true}}");
    JsonNode expired = TaskRecords.awaitEnded(mesh.node("b"), id, Duration.ofSeconds(15));
    String history = TaskRecords.history(expired);
    assertThat(expired.path("state").asText()).as(history).isEqualTo("expired");
    assertThat(expired.path("error").path("code").asText()).as(history).isEqualTo("deadline_exceeded");
    assertThat(TaskRecords.hops(expired, "waiting")).as(history).hasSize(1);
    assertThat(TaskRecords.hops(expired, "waiting").get(0).path("reason").asText()).as(history)
        .contains("b: excluded: no local engine");
  }

  @Test
  @Order(3)
  void taskThatWaitsForANodeRunsOnceACapableNodeJoins() throws Exception {
    String id = TaskRecords.submit(mesh.node("b"), "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"timeoutSeconds\":120,"
        + "\"params\":{\"maxTokens\":4},\"requirements\":{\"waitForNode\":true}}");
    TaskRecords.awaitHop(mesh.node("b"), id, "waiting", Duration.ofSeconds(10));

    mesh.startLater("c");

    JsonNode done = TaskRecords.awaitEnded(mesh.node("a"), id, Duration.ofSeconds(20));
    String history = TaskRecords.history(done);
    assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
    assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("c");
    assertThat(TaskRecords.hops(done, "waiting")).as(history).hasSize(1);
  }
}
