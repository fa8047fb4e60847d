package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.protocol.seal.MeshKey;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node outside the cluster ({@code c}, {@code cluster.enabled: false}), reached only through the shared folder:
 * the cluster's nodes {@code a} and {@code b} run no engine, so every task must go to {@code c} — routed by the
 * advert {@code c} keeps in the folder, sent there because no event bus reaches it, and completed back at its
 * entry node from the result file. A file dropped in the inbox by a script runs too. The mesh has a key: every
 * file a node writes carries a MAC and is checked by the node reading it; the script's request has none and runs
 * because {@code c} takes unsigned requests ({@code handoff.acceptUnsigned}); an unsigned task record (what a
 * stranger with write access to the share would drop) is quarantined.
 */
class HandoffOnlyIT {
  private static final String NO_ENGINE = "engine: {enabled: false}\n";
  private static Path shared;
  private static MeshCluster mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    shared = Files.createTempDirectory("mesh-handoff-it-");
    Path key = Files.createTempDirectory("mesh-handoff-key-").resolve("mesh.key");
    MeshKey.generate().write(key);
    String keyed = "security: {meshKeyFile: " + key + "}\n";
    String folder = "handoff: {dir: " + shared + ", pollMs: 100}\n";
    mesh = MeshCluster.builder()
        .node("a", null, NO_ENGINE + folder + keyed)
        .node("b", null, NO_ENGINE + folder + keyed)
        .node("c", TestModels.synthetic(), "cluster: {enabled: false}\n"
            + "handoff: {dir: " + shared + ", pollMs: 100, acceptUnsigned: true}\n" + keyed)
        .start();
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aTaskRoutedToAHandoffOnlyNodeRunsThereAndCompletesAtItsEntryNode() throws Exception {
    assertThat(MeshCluster.listed(mesh.node("a"))).contains("c");

    String id = TaskRecords.submit(mesh.node("a"), "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}");
    JsonNode done = TaskRecords.awaitEnded(mesh.node("a"), id, Duration.ofSeconds(30));

    String history = TaskRecords.history(done);
    assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
    assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("c");
    assertThat(TaskRecords.hops(done, "handoff")).as(history).hasSize(1);
    assertThat(TaskRecords.hops(done, "handoff").get(0).path("reason").asText()).as(history)
        .contains("event bus could not deliver to c").contains("sent through the shared folder to c");
    assertThat(TaskRecords.hops(done, "hop")).as(history)
        .anySatisfy(h -> assertThat(h.path("node").asText() + ": " + h.path("reason").asText())
            .isEqualTo("c: claimed from the shared folder"));
    // the record is the cluster's: the other member answers for it too
    assertThat(TaskRecords.awaitEnded(mesh.node("b"), id, Duration.ofSeconds(5)).path("state").asText())
        .isEqualTo("succeeded");
    assertThat(Files.exists(shared.resolve("claims/c/" + id + ".json"))).isFalse();
    assertThat(Files.readString(shared.resolve("results/" + id + ".json"))).contains(",\"mac\":\"");
    assertThat(Files.readString(shared.resolve("nodes/c.json"))).contains(",\"mac\":\"");
  }

  @Test
  void anUnsignedTaskRecordInTheInboxIsQuarantinedNotRun() throws Exception {
    String record = "{\"schema\":1,\"id\":\"forged-1\",\"task\":{\"id\":\"forged-1\",\"request\":{\"kind\":\"embed\","
        + "\"input\":\"x\"},\"acceptedAt\":\"2026-01-01T00:00:00Z\",\"origin\":\"a\"},\"state\":\"queued\",\"hops\":[]}";
    Path temp = shared.resolve("inbox/.tmp-forged-1");
    Files.writeString(temp, record);
    Files.move(temp, shared.resolve("inbox/forged-1.json"));
    Path reason = shared.resolve("rejected/forged-1.json.reason.txt");
    Poll.until("the unsigned record quarantined", Duration.ofSeconds(30), () -> Files.exists(reason));
    assertThat(Files.readString(reason)).contains("task record without a MAC");
    assertThat(Files.exists(shared.resolve("results/forged-1.json"))).isFalse();
  }

  @Test
  void aRequestDroppedInTheInboxByAScriptGetsItsResultFile() throws Exception {
    Path temp = shared.resolve("inbox/.tmp-note-1");
    Files.writeString(temp, "{\"kind\":\"embed\",\"input\":\"shopping list\"}");
    Files.move(temp, shared.resolve("inbox/note-1.json"));

    Path result = shared.resolve("results/note-1.json");
    Poll.until("the result of note-1 in " + result, Duration.ofSeconds(30), () -> Files.exists(result));
    JsonNode record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(result));
    assertThat(record.path("state").asText()).as(record.toString()).isEqualTo("succeeded");
    assertThat(record.path("result").path("executedBy").asText()).isEqualTo("c");
    assertThat(record.path("result").path("embedding").size()).isPositive();
    assertThat(Set.of(Files.list(shared.resolve("rejected")).toArray()))
        .allMatch(f -> f.toString().contains("forged-1"));
  }
}
