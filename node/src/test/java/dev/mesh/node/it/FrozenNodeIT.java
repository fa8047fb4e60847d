package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * SIGSTOP of the node running a task (its JVM only: the engine runs on, like a machine whose node
 * hung): the others drop it within seconds, its task finishes elsewhere; after SIGCONT it rejoins,
 * and the result its engine produced meanwhile is discarded, not stored a second time.
 */
class FrozenNodeIT {
  private static final String LONG_TASKS = "engine: {contextTokens: 16384}\nlimits: {maxTokens: 16000}\n";
  private static final String NO_ENGINE = "engine: {enabled: false}\nlimits: {maxTokens: 16000}\n";
  /** The acceptance bound: heartbeat 1 s, no heartbeat for 5 s means dropped, so 6 s at most. */
  private static final Duration DROP_LIMIT = Duration.ofSeconds(6);
  private static final int TOKENS = 6000;

  @Test
  void frozenNodeIsDroppedItsTaskFinishesElsewhereAndAfterResumeItRejoinsWithoutASecondResult() throws Exception {
    try (MeshCluster mesh = MeshCluster.builder()
        .node("a", TestModels.syntheticLongContext(), LONG_TASKS)
        .node("b", null, NO_ENGINE)
        .node("c", TestModels.syntheticLongContext(), LONG_TASKS)
        .start()) {
      NodeProcess entry = mesh.node("b");
      String id = TaskRecords.submit(entry, "{\"kind\":\"generate\",\"prompt\":\"Once\",\"params\":{\"maxTokens\":"
          + TOKENS + "}}");
      JsonNode started = TaskRecords.awaitHop(entry, id, "started", Duration.ofSeconds(30));
      NodeProcess frozen = mesh.node(TaskRecords.hops(started, "started").get(0).path("node").asText());
      NodeProcess survivor = mesh.node(frozen.name().equals("a") ? "c" : "a");

      long frozenAt = System.nanoTime();
      Instant frozenAtWall = Instant.now();
      frozen.pause();
      Poll.until(frozen.name() + " to drop out of b's and " + survivor.name() + "'s status", Duration.ofSeconds(20),
          () -> !MeshCluster.listed(entry).contains(frozen.name())
              && !MeshCluster.listed(survivor).contains(frozen.name()));
      long droppedMs = (System.nanoTime() - frozenAt) / 1_000_000;
      JsonNode done = TaskRecords.awaitEnded(entry, id, Duration.ofSeconds(40));
      long doneMs = (System.nanoTime() - frozenAt) / 1_000_000;
      System.out.printf("SIGSTOP of %s: dropped from status after %d ms, its task re-queued after %d ms and "
          + "succeeded on %s after %d ms%n", frozen.name(), droppedMs, TaskRecords.msAfter(frozenAtWall, done, "requeued"),
          survivor.name(), doneMs);
      assertThat(droppedMs).as("time until the frozen node is dropped").isLessThanOrEqualTo(DROP_LIMIT.toMillis());

      String history = TaskRecords.history(done);
      assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
      assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo(survivor.name());
      assertThat(done.path("attempts").asInt()).as(history).isGreaterThanOrEqualTo(2);
      assertThat(TaskRecords.hops(done, "requeued").get(0).path("reason").asText()).as(history)
          .isEqualTo("node " + frozen.name() + " was lost");

      long resumedAt = System.nanoTime();
      frozen.resume();
      mesh.awaitFormed();
      System.out.printf("SIGCONT of %s: listed by every node again after %d ms%n", frozen.name(),
          (System.nanoTime() - resumedAt) / 1_000_000);
      // its engine finished the old attempt meanwhile: wait until the node has dealt with that late result
      Poll.until(frozen.name() + " to be idle", Duration.ofSeconds(30), () -> {
        JsonNode self = MeshCluster.status(frozen).path("nodes").get(0).path("load");
        return self.path("running").asInt() == 0 && self.path("queued").asInt() == 0;
      });
      for (NodeProcess node : mesh.nodes()) {
        JsonNode seen = TaskRecords.get(node, id);
        String seenHistory = node.name() + ": " + TaskRecords.history(seen);
        assertThat(seen.path("state").asText()).as(seenHistory).isEqualTo("succeeded");
        assertThat(TaskRecords.hops(seen, "finished")).as(seenHistory).hasSize(1);
        assertThat(seen.path("result").path("executedBy").asText()).as(seenHistory).isEqualTo(survivor.name());
        assertThat(seen.path("result").path("output").asText().hashCode()).as("output of %s", seenHistory)
            .isEqualTo(done.path("result").path("output").asText().hashCode());
      }
    }
  }
}
