package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The node that sent a task through the shared folder dies (kill -9) while the task still waits there — its
 * runner {@code c} is frozen (SIGSTOP), so nobody has claimed it. The task is neither lost nor sent a second
 * time: it runs once on {@code c} when {@code c} wakes, and its outcome reaches the mesh — taken over by a
 * surviving member when the sender was clustered, picked up by the sender itself after a restart when it was
 * alone.
 */
class FolderOriginRestartIT {
  private static final String NO_ENGINE = "engine: {enabled: false}\n";
  private static final String ALONE = "cluster: {enabled: false}\n";
  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final String TASK = "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}";

  @Test
  void aClusterMemberTakesOverWaitingWhenTheSenderDiesAndTheRestartedSenderDoesNotSendAgain() throws Exception {
    Path shared = Files.createTempDirectory("mesh-handoff-restart-it-");
    String folder = folder(shared);
    try (MeshCluster mesh = MeshCluster.builder()
        .node("a", null, NO_ENGINE + folder)
        .node("b", null, NO_ENGINE + folder)
        .node("c", TestModels.synthetic(), ALONE + folder)
        .start()) {
      NodeProcess a = mesh.node("a");
      NodeProcess b = mesh.node("b");
      NodeProcess c = mesh.node("c");
      String id = sendThenKillSender(a, c);

      JsonNode takenOver = Poll.until("b to take over waiting for " + id, TIMEOUT, () -> {
        JsonNode r = TaskRecords.get(b, id);
        return TaskRecords.hops(r, "handoff").size() == 2 ? r : null;
      });
      assertThat(TaskRecords.hops(takenOver, "handoff").get(1).path("reason").asText())
          .isEqualTo("node a was lost while the task waited in the shared folder; b waits for its result");
      assertThat(TaskRecords.hops(takenOver, "requeued")).as("not routed again").isEmpty();
      a.start();
      c.resume();

      JsonNode done = TaskRecords.awaitEnded(b, id, TIMEOUT);
      String history = TaskRecords.history(done);
      assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
      assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("c");
      assertThat(TaskRecords.awaitEnded(a, id, TIMEOUT).path("state").asText()).isEqualTo("succeeded");
      assertRanOnceOnC(c, shared, id);
    }
  }

  @Test
  void aSenderOutsideAnyClusterPicksTheResultUpAfterItsRestart() throws Exception {
    Path shared = Files.createTempDirectory("mesh-handoff-restart-it-");
    try (MeshCluster mesh = senderAndRunnerAlone(shared)) {
      NodeProcess a = mesh.node("a");
      NodeProcess c = mesh.node("c");
      String id = sendThenKillSender(a, c);
      a.start();
      assertThat(TaskRecords.get(a, id).path("state").asText()).as("after the restart, before c wakes")
          .isEqualTo("queued");
      c.resume();

      JsonNode done = TaskRecords.awaitEnded(a, id, TIMEOUT);
      String history = TaskRecords.history(done);
      assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
      assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("c");
      assertThat(TaskRecords.hops(done, "handoff")).as(history).hasSize(1);
      assertThat(TaskRecords.hops(done, "requeued")).as(history).isEmpty();
      assertRanOnceOnC(c, shared, id);
    }
  }

  /** The sender died after recording the handoff but before its file was written: the file is gone, as then. */
  @Test
  void aTaskRecordedAsSentButNeverPublishedIsPublishedAfterTheRestart() throws Exception {
    Path shared = Files.createTempDirectory("mesh-handoff-restart-it-");
    try (MeshCluster mesh = senderAndRunnerAlone(shared)) {
      NodeProcess a = mesh.node("a");
      NodeProcess c = mesh.node("c");
      String id = sendThenKillSender(a, c);
      // a records the handoff before it writes the file: killed in between, it never wrote it — the very case;
      // killed after, the file is removed here to make it. Waiting for the file hung 40 s when a died first.
      Files.deleteIfExists(shared.resolve("to/c/" + id + ".json"));
      a.start();
      c.resume();

      JsonNode done = TaskRecords.awaitEnded(a, id, TIMEOUT);
      assertThat(done.path("state").asText()).as(TaskRecords.history(done)).isEqualTo("succeeded");
      assertRanOnceOnC(c, shared, id);
    }
  }

  /** With c frozen, a sends a task through the folder and is killed -9 while the task waits there. */
  private static String sendThenKillSender(NodeProcess a, NodeProcess c) throws Exception {
    c.pause();
    String id = TaskRecords.submit(a, TASK);
    TaskRecords.awaitHop(a, id, "handoff", TIMEOUT);
    a.kill9();
    return id;
  }

  /** a (no engine) and c (the runner), neither in a cluster: the folder is all that joins them. */
  private static MeshCluster senderAndRunnerAlone(Path shared) throws Exception {
    return MeshCluster.builder()
        .node("a", null, ALONE + NO_ENGINE + folder(shared))
        .node("c", TestModels.synthetic(), ALONE + folder(shared))
        .start();
  }

  private static String folder(Path shared) {
    return "handoff: {dir: " + shared + ", pollMs: 100}\n";
  }

  /** c's own record of the task shows one start; the folder holds its result and no other copy. */
  private static void assertRanOnceOnC(NodeProcess c, Path shared, String id) throws Exception {
    JsonNode onC = TaskRecords.awaitEnded(c, id, TIMEOUT);
    assertThat(TaskRecords.hops(onC, "started")).as(TaskRecords.history(onC)).hasSize(1);
    String file = id + ".json";
    assertThat(shared.resolve("results").resolve(file)).exists();
    try (Stream<Path> all = Files.walk(shared)) {
      List<Path> copies = all.filter(p -> p.getFileName().toString().equals(file))
          .filter(p -> !p.getParent().endsWith("results")).toList();
      assertThat(copies).as("copies of the task left in the folder").isEmpty();
    }
    try (Stream<Path> rejected = Files.list(shared.resolve("rejected"))) {
      assertThat(rejected).isEmpty();
    }
  }
}
