package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.seal.FileSeal;
import dev.mesh.protocol.seal.MeshKey;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a mesh key, what nodes write to the shared folder carries a MAC; a file without one is taken only as a
 * script's request and only when the node accepts unsigned requests — never as a node's task record or a result.
 */
class SignedFilesTest {
  @TempDir Path root;
  private final MeshKey key = MeshKey.generate();

  private Inbox inbox(Fixtures f, FileSeal seal, boolean acceptUnsigned) {
    return new Inbox(f.dir, new TaskFiles(Fixtures.MAX_BYTES, TaskValidator.Limits.defaults(), seal, acceptUnsigned),
        f.quarantine, Clock.systemUTC(), Duration.ZERO);
  }

  @Test
  void aTaskOneNodeSignedIsClaimedByAnotherAndStaysPlainJsonForScripts() throws IOException {
    Fixtures f = Fixtures.at(root);
    Path file = inbox(f, FileSeal.with(key, Optional.empty()), false).publish(Fixtures.task("t1"), null);
    String text = Files.readString(file);
    assertThat(text).endsWith("\"}").contains(",\"mac\":\"" + key.id() + ":");
    assertThat(MeshJson.mapper().readTree(text).path("task").path("id").asText()).isEqualTo("t1");
    assertThat(inbox(f, FileSeal.with(key, Optional.empty()), false).claimNext("pi", t -> true))
        .map(c -> c.task().id()).contains("t1");
    assertThat(f.rejections).isEmpty();
  }

  @Test
  void aSignedFileChangedAfterwardsOrSignedWithAnotherKeyIsQuarantined() throws IOException {
    Fixtures f = Fixtures.at(root);
    FileSeal mine = FileSeal.with(key, Optional.empty());
    Path file = inbox(f, mine, false).publish(Fixtures.task("t2", "{\"kind\":\"embed\",\"input\":\"hello\"}"), null);
    Files.writeString(file, Files.readString(file).replace("hello", "jello"));
    Path other = inbox(f, FileSeal.with(MeshKey.generate(), Optional.empty()), false).publish(Fixtures.task("t3"), null);
    assertThat(inbox(f, mine, false).claimNext("pi", t -> true)).isEmpty();
    assertThat(f.rejections).hasSize(2).anyMatch(r -> r.contains("does not match its content"))
        .anyMatch(r -> r.contains("which this node does not hold"));
    assertThat(Files.exists(other)).isFalse();
  }

  @Test
  void anUnsignedRecordIsRefusedAndAnUnsignedRequestOnlyWhenScriptsMayNotWrite() throws IOException {
    Fixtures f = Fixtures.at(root);
    FileSeal mine = FileSeal.with(key, Optional.empty());
    Files.write(f.dir.inbox().resolve("rec.json"), MeshJson.mapper().writeValueAsBytes(Fixtures.task("rec")));
    Files.writeString(f.dir.inbox().resolve("req.json"), "{\"kind\":\"embed\",\"input\":\"a\"}");
    assertThat(inbox(f, mine, false).claimNext("pi", t -> true)).isEmpty();
    assertThat(f.rejections).hasSize(2).anyMatch(r -> r.contains("task record without a MAC"))
        .anyMatch(r -> r.contains("handoff.acceptUnsigned: true"));

    Files.writeString(f.dir.inbox().resolve("req2.json"), "{\"kind\":\"embed\",\"input\":\"a\"}");
    assertThat(inbox(f, mine, true).claimNext("pi", t -> true)).map(c -> c.task().id()).contains("req2");
  }

  /** Once, a 'succeeded' record with a forged result dropped in the inbox was copied to results/ without running. */
  @Test
  void anOutcomeInTheInboxIsRefusedEvenWithoutAKey() throws IOException {
    Fixtures f = Fixtures.at(root);
    TaskRecord ended = Fixtures.ended(Fixtures.task("done-1"), "pi", "forged");
    Files.write(f.dir.inbox().resolve("done-1.json"), MeshJson.mapper().writeValueAsBytes(ended));
    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();
    assertThat(f.rejections).singleElement().asString().contains("never outcomes");
  }

  @Test
  void aResultWithoutAValidMacIsQuarantinedWithAKey() throws IOException {
    Fixtures f = Fixtures.at(root);
    FileSeal mine = FileSeal.with(key, Optional.empty());
    Results signed = new Results(f.dir, f.quarantine, Clock.systemUTC(), Fixtures.MAX_BYTES, mine);
    TaskRecord ended = Fixtures.ended(Fixtures.task("r1"), "pi", "boom");
    assertThat(signed.store(ended)).isTrue();
    assertThat(signed.read("r1")).map(TaskRecord::id).contains("r1");
    f.results.store(Fixtures.ended(Fixtures.task("r2"), "rogue", "forged")); // a writer without the key
    assertThat(signed.read("r2")).isEmpty();
    assertThat(f.rejections).singleElement().asString().contains("result without a MAC");
    assertThat(new String(Files.readAllBytes(f.dir.resultOf("r1")), StandardCharsets.UTF_8)).contains("\"mac\"");
  }
}
