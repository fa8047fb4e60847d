package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three real nodes: {@code a} serves the synthetic model at 120 W, {@code b} runs no engine, {@code c}
 * serves the same file as model {@code tiny-c} at 5 W. Every task lands where the routing rules say,
 * and the recorded decision says why.
 */
class RoutingIT {
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern ESTIMATE = Pattern.compile("(\\w+): est ([0-9.]+) s");
  private static MeshCluster mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = MeshCluster.builder()
        .node("a", TestModels.synthetic(), "power: {idleWatts: 60, busyWatts: 120}\n")
        .node("b", null, "engine: {enabled: false}\n")
        .node("c", null, "models: [{path: " + TestModels.synthetic() + ", id: tiny-c}]\n"
            + "power: {idleWatts: 3, busyWatts: 5}\n")
        .start();
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void routesEveryKindToTheNodeWithTheLowestEstimateAndExplainsTheNodeWithoutEngine() throws Exception {
    List<String> bodies = List.of(
        "{\"kind\":\"generate\",\"prompt\":\"Once\",\"params\":{\"maxTokens\":8}}",
        "{\"kind\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"params\":{\"maxTokens\":8}}",
        "{\"kind\":\"summarize\",\"prompt\":\"Tom lost a ball.\",\"params\":{\"maxTokens\":8}}",
        "{\"kind\":\"classify\",\"prompt\":\"A happy dog.\",\"labels\":[\"happy\",\"sad\"]}",
        "{\"kind\":\"embed\",\"input\":\"The cat sat on the mat.\"}");
    for (String body : bodies) {
      // entered at b, which cannot run anything itself: every decision is a real choice between a and c
      JsonNode done = TaskRecords.awaitEnded(mesh.node("b"), TaskRecords.submit(mesh.node("b"), body), TASK_TIMEOUT);
      String history = TaskRecords.history(done);
      assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
      String reason = routedReason(done, "b");
      assertThat(reason).as(history).contains("b: excluded: no local engine: local engine disabled in config");
      String chosen = chosenNode(reason);
      assertThat(chosen).as(history).isIn("a", "c");
      assertThat(estimateOf(reason, chosen)).as("chosen estimate is the lowest listed: %s", reason)
          .isEqualTo(estimates(reason).stream().min(Double::compare).orElseThrow());
      assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo(chosen);
      assertThat(TaskRecords.hops(done, "hop")).as(history).hasSize(1);
      assertThat(TaskRecords.hops(done, "hop").get(0).path("node").asText()).as(history).isEqualTo(chosen);
      assertThat(TaskRecords.hops(done, "hop").get(0).path("reason").asText()).as(history).isEqualTo("from b");
    }
  }

  @Test
  void routesATaskNamingAModelToTheOnlyNodeServingIt() throws Exception {
    for (NodeProcess entry : mesh.nodes()) {
      JsonNode done = TaskRecords.awaitEnded(entry, TaskRecords.submit(entry,
          "{\"kind\":\"generate\",\"model\":\"tiny-c\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":8}}"), TASK_TIMEOUT);
      String history = TaskRecords.history(done);
      assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
      assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("c");
      String reason = routedReason(done, entry.name());
      assertThat(chosenNode(reason)).as(history).isEqualTo("c");
      assertThat(reason).as(history).contains("a: excluded: synthetic: not model tiny-c")
          .contains("b: excluded: no local engine");
    }
  }

  @Test
  void routesAGreenestTaskToTheLowWattNodeAndShowsJoules() throws Exception {
    // c draws 5 W against a's 120 W: the same model cannot be 24x slower there
    JsonNode done = TaskRecords.awaitEnded(mesh.node("a"), TaskRecords.submit(mesh.node("a"),
        "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":8},"
            + "\"requirements\":{\"objective\":\"greenest\"}}"), TASK_TIMEOUT);
    String history = TaskRecords.history(done);
    assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("c");
    String reason = routedReason(done, "a");
    assertThat(reason).as(history).startsWith("c: est ").contains("(chosen, greenest)").contains(" J");
  }

  @Test
  void refusesAModelNoNodeServesWithNoModel() throws Exception {
    var response = mesh.node("a").post("/v1/tasks", "{\"kind\":\"generate\",\"model\":\"gpt-9\",\"prompt\":\"x\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = NodeProcess.json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("no_model");
    assertThat(error.path("field").asText()).isEqualTo("model");
    assertThat(error.path("message").asText()).contains("gpt-9").contains("any node");
  }

  @Test
  void refusesATaskNoNodeCanRunWith503NamingEachNodesReason() throws Exception {
    var response = mesh.node("c").post("/v1/tasks",
        "{\"kind\":\"generate\",\"prompt\":\"x\",\"requirements\":{\"family\":\"mamba\"}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    JsonNode error = NodeProcess.json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("no_capable_node");
    assertThat(error.path("message").asText())
        .contains("a (synthetic: not family mamba)")
        .contains("b (no local engine: local engine disabled in config")
        .contains("c (tiny-c: not family mamba)");
  }

  /** The reason of the routing decision made at {@code node}. */
  private static String routedReason(JsonNode record, String node) {
    return TaskRecords.hops(record, "routed").stream().filter(h -> node.equals(h.path("node").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no routed hop at " + node + ": "
            + TaskRecords.history(record)))
        .path("reason").asText();
  }

  private static String chosenNode(String reason) {
    Matcher m = Pattern.compile("^(\\w+): est [0-9.]+ s[^;]*\\(chosen").matcher(reason);
    assertThat(m.find()).as("a chosen node first in: %s", reason).isTrue();
    return m.group(1);
  }

  private static double estimateOf(String reason, String node) {
    Matcher m = ESTIMATE.matcher(reason);
    while (m.find()) {
      if (m.group(1).equals(node)) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no estimate for " + node + " in: " + reason);
  }

  private static List<Double> estimates(String reason) {
    List<Double> all = new ArrayList<>();
    Matcher m = ESTIMATE.matcher(reason.toLowerCase(Locale.ROOT));
    while (m.find()) {
      all.add(Double.parseDouble(m.group(2)));
    }
    return all;
  }
}
