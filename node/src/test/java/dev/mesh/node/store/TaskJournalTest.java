package dev.mesh.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskJournalTest {
  @TempDir Path dataDir;

  private static TaskRecord queued(String id) {
    return TaskRecord.queued(Task.accept(TaskRequest.generate("hello"), id, "pi", Instant.parse("2026-11-21T10:00:00Z")));
  }

  @Test
  void readsBackTheLatestStateOfEveryTask() throws IOException {
    TaskJournal journal = new TaskJournal(dataDir);
    journal.open();
    TaskRecord a = queued("t-aaaaaaaa-0000000001");
    journal.save(a);
    journal.save(a.running("pi", Instant.parse("2026-11-21T10:00:01Z")));
    journal.save(queued("t-aaaaaaaa-0000000002"));

    assertThat(journal.loadUnfinished()).extracting(TaskRecord::id, r -> r.state().wire())
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("t-aaaaaaaa-0000000001", "running"),
            org.assertj.core.groups.Tuple.tuple("t-aaaaaaaa-0000000002", "queued"));
  }

  @Test
  void quarantinesAnUnreadableRecordWithTheReasonAndKeepsTheRest() throws IOException {
    TaskJournal journal = new TaskJournal(dataDir);
    journal.open();
    journal.save(queued("t-aaaaaaaa-0000000001"));
    Files.writeString(journal.directory().resolve("t-bbbbbbbb-0000000002.json"), "{\"task\": tru");

    assertThat(journal.loadUnfinished()).hasSize(1);
    Path rejected = dataDir.resolve("tasks-rejected");
    assertThat(rejected.resolve("t-bbbbbbbb-0000000002.json")).exists();
    assertThat(Files.readString(rejected.resolve("t-bbbbbbbb-0000000002.json.reason.txt")))
        .contains("t-bbbbbbbb-0000000002.json");
    assertThat(journal.directory().resolve("t-bbbbbbbb-0000000002.json")).doesNotExist();
  }

  @Test
  void skipsTempFilesLeftByACrashMidWrite() throws IOException {
    TaskJournal journal = new TaskJournal(dataDir);
    journal.open();
    Files.writeString(journal.directory().resolve(".tmp-t-x.json-123.json"), "{half");
    assertThat(journal.loadUnfinished()).isEmpty();
    assertThat(dataDir.resolve("tasks-rejected")).doesNotExist();
  }

  @Test
  void anEndedTaskMovesToDoneIsReadOnlyWhenAskedForAndAnyLeftoverOfACrashIsCleared() throws IOException {
    TaskJournal journal = new TaskJournal(dataDir);
    journal.open();
    TaskRecord a = queued("t-aaaaaaaa-0000000001");
    journal.save(a);
    TaskRecord ended = a.expired(Instant.parse("2026-11-21T10:10:00Z"));
    journal.save(ended);
    assertThat(journal.loadUnfinished()).isEmpty();
    assertThat(journal.readDone(a.id())).contains(ended);
    assertThat(journal.readDone("t-aaaaaaaa-0000000009")).isEmpty();

    // a crash between writing done/ and removing the unfinished file leaves both: done/ wins
    TaskRecord b = queued("t-aaaaaaaa-0000000002");
    journal.save(b.expired(Instant.parse("2026-11-21T10:10:00Z")));
    Files.writeString(journal.directory().resolve(b.id() + ".json"),
        dev.mesh.protocol.json.MeshJson.mapper().writeValueAsString(b));
    // an ended record among the unfinished, as older nodes wrote them: moved to done/
    TaskRecord c = queued("t-aaaaaaaa-0000000003").expired(Instant.parse("2026-11-21T10:10:00Z"));
    Files.writeString(journal.directory().resolve(c.id() + ".json"),
        dev.mesh.protocol.json.MeshJson.mapper().writeValueAsString(c));
    assertThat(journal.loadUnfinished()).isEmpty();
    assertThat(journal.directory().resolve(b.id() + ".json")).doesNotExist();
    assertThat(journal.readDone(c.id())).contains(c);
  }

  @Test
  void pruneForgetsEndedTasksPastTheAgeAndBeyondTheCountOldestFirst() throws IOException {
    TaskJournal journal = new TaskJournal(dataDir);
    journal.open();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    for (int i = 0; i < 8; i++) {
      TaskRecord ended = queued(String.format("t-aaaaaaaa-%010d", i)).expired(now);
      journal.save(ended);
      // ended i hours ago: 0..7
      Files.setLastModifiedTime(dataDir.resolve("tasks/done/" + ended.id() + ".json"),
          java.nio.file.attribute.FileTime.from(now.minusSeconds(3600L * i)));
    }
    journal.save(queued("t-bbbbbbbb-0000000001")); // unfinished: never pruned

    assertThat(journal.prune(now.minusSeconds(6 * 3600 - 1), 100)).as("ended 6 h ago or longer")
        .containsExactly("t-aaaaaaaa-0000000007", "t-aaaaaaaa-0000000006");
    assertThat(journal.prune(now.minusSeconds(24 * 3600), 3)).as("the oldest beyond 3")
        .containsExactly("t-aaaaaaaa-0000000005", "t-aaaaaaaa-0000000004", "t-aaaaaaaa-0000000003");
    assertThat(journal.readDone("t-aaaaaaaa-0000000000")).isPresent();
    assertThat(journal.readDone("t-aaaaaaaa-0000000003")).isEmpty();
    assertThat(journal.loadUnfinished()).extracting(TaskRecord::id).containsExactly("t-bbbbbbbb-0000000001");
  }
}
