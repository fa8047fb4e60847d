package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.PrometheusText;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The operator's commands against a real three-node mesh: {@code mesh status} lists every node, {@code mesh
 * drain b} (asked of a) makes b take nothing new — every task goes to c — and {@code mesh undrain b} brings it
 * back; {@code /cluster/status} shows routes and transports, {@code /health} the cluster check.
 */
class OperatorIT {
  private static final String TASK = "{\"kind\":\"embed\",\"input\":\"hello\"}";

  /** The node's count of embed tasks that succeeded there (0 before its first). */
  private static double succeeded(NodeProcess node, String sample) throws Exception {
    return PrometheusText.find(node.get("/metrics").body(), sample, java.util.Map.of("kind", "embed", "state",
        "succeeded", "node", node.name())).orElse(0);
  }

  @Test
  void statusListsTheMeshAndDrainMovesWorkAwayUntilUndrain() throws Exception {
    Path work = Files.createTempDirectory("mesh-operator-it-");
    try (MeshCluster mesh = MeshCluster.builder()
        .node("a", null, "engine: {enabled: false}\n")
        .node("b", TestModels.synthetic(), null)
        .node("c", TestModels.synthetic(), null)
        .start()) {
      NodeProcess a = mesh.node("a");
      String url = "--url=http://127.0.0.1:" + a.port();

      NodeProcess.Result status = NodeProcess.run(work, "status", url);
      assertThat(status.exitCode()).as(status.output()).isZero();
      assertThat(status.output()).contains("NODE", "STATE", "MODELS").containsPattern("(?m)^a +degraded +self ")
          .containsPattern("(?m)^b +up +event bus +synthetic \\d+").containsPattern("(?m)^c +up ").contains("a: no local engine");

      NodeProcess.Result submitted = NodeProcess.run(work, "submit", url, "--max-tokens=8", "Once", "upon", "a", "time");
      assertThat(submitted.exitCode()).as(submitted.output()).isZero();
      assertThat(submitted.output()).containsPattern("task t-\\S+ accepted by a")
          .contains("  routed on a: ").containsPattern("  hop on [bc]: from a").contains("  text: ")
          .containsPattern("succeeded on [bc] \\(synthetic\\), \\d+ ms, \\d+ prompt \\+ 8 generated tokens");

      NodeProcess.Result drained = NodeProcess.run(work, "drain", "b", url);
      assertThat(drained.exitCode()).as(drained.output()).isZero();
      assertThat(drained.output()).startsWith("b: draining (drained by an operator via a at ");
      Poll.until("a to see b draining", Duration.ofSeconds(10),
          () -> NodeProcess.run(work, "status", url).output().contains("b: drained by an operator via a"));
      for (int i = 0; i < 8; i++) {
        JsonNode done = TaskRecords.awaitEnded(a, TaskRecords.submit(a, TASK), Duration.ofSeconds(30));
        assertThat(done.path("result").path("executedBy").asText()).as(TaskRecords.history(done)).isEqualTo("c");
      }

      NodeProcess.Result undrained = NodeProcess.run(work, "undrain", "b", url);
      assertThat(undrained.output()).as(undrained.output()).startsWith("b: up");
      Poll.until("a to see b up again", Duration.ofSeconds(10),
          () -> NodeProcess.run(work, "status", url).output().matches("(?s).*\\nb +up .*"));
      // b takes tasks again: with c drained in its turn, they must go to b (the router would pick the faster)
      assertThat(NodeProcess.run(work, "drain", "c", url).exitCode()).isZero();
      Poll.until("a to see c draining", Duration.ofSeconds(10),
          () -> NodeProcess.run(work, "status", url).output().contains("c: drained by an operator via a"));
      for (int i = 0; i < 3; i++) {
        JsonNode done = TaskRecords.awaitEnded(a, TaskRecords.submit(a, TASK), Duration.ofSeconds(30));
        assertThat(done.path("result").path("executedBy").asText()).as(TaskRecords.history(done)).isEqualTo("b");
      }
      assertThat(NodeProcess.run(work, "undrain", "c", url).exitCode()).isZero();

      JsonNode cluster = MeshCluster.status(a);
      assertThat(cluster.path("heard").path("b").path("via").asText()).isEqualTo("event bus");
      assertThat(cluster.path("transports").path("eventBus").asText()).isEqualTo("clustered, 3 member(s)");
      JsonNode recent = cluster.path("recent").get(0);
      assertThat(recent.path("route").findValuesAsText("event")).contains("accepted", "routed", "finished");
      assertThat(recent.path("route").get(1).path("reason").asText()).contains("chosen");
      JsonNode health = NodeProcess.json(a.get("/health"));
      assertThat(health.toString()).contains("\"id\":\"cluster\"").contains("\"members\":3");

      // c ran every task of the drained stretch: its counters say so, in text a real Prometheus parser reads
      NodeProcess c = mesh.node("c");
      assertThat(succeeded(c, "mesh_tasks_total")).isGreaterThanOrEqualTo(8);
      // one more task counts once in the mesh, where it ended (b or c, now that b takes tasks again)
      double before = succeeded(mesh.node("b"), "mesh_tasks_total") + succeeded(c, "mesh_tasks_total");
      double durationsBefore = succeeded(mesh.node("b"), "mesh_task_duration_seconds_count")
          + succeeded(c, "mesh_task_duration_seconds_count");
      TaskRecords.awaitEnded(c, TaskRecords.submit(c, TASK), Duration.ofSeconds(30));
      assertThat(succeeded(mesh.node("b"), "mesh_tasks_total") + succeeded(c, "mesh_tasks_total"))
          .isEqualTo(before + 1);
      assertThat(succeeded(mesh.node("b"), "mesh_task_duration_seconds_count")
          + succeeded(c, "mesh_task_duration_seconds_count")).isEqualTo(durationsBefore + 1);
      String text = c.get("/metrics").body();
      assertThat(PrometheusText.sample(text, "mesh_hops_total", java.util.Map.of("node", "c"))).isPositive();
      assertThat(PrometheusText.sample(text, "mesh_model_decode_tokens_per_second",
          java.util.Map.of("model", "synthetic", "node", "c"))).isPositive();
      assertThat(PrometheusText.sample(text, "mesh_cluster_members", java.util.Map.of("node", "c"))).isEqualTo(3);
      assertThat(PrometheusText.families(text)).contains("jvm_memory_used_bytes", "mesh_queue_depth",
          "mesh_engine_restarts_total", "mesh_tasks_running");

      NodeProcess.Result unknown = NodeProcess.run(work, "drain", "zz", url);
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.output()).contains("no node named 'zz' answers on the event bus");
    }
  }
}
