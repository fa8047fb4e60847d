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

    assertThat(journal.loadAll()).extracting(TaskRecord::id, r -> r.state().wire())
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("t-aaaaaaaa-0000000001", "running"),
            org.assertj.core.groups.Tuple.tuple("t-aaaaaaaa-0000000002", "queued"));
  }

  @Test
  void quarantinesAnUnreadableRecordWithTheReasonAndKeepsTheRest() throws IOException {
    TaskJournal journal = new TaskJournal(dataDir);
    journal.open();
    journal.save(queued("t-aaaaaaaa-0000000001"));
    Files.writeString(journal.directory().resolve("t-bbbbbbbb-0000000002.json"), "{\"task\": tru");

    assertThat(journal.loadAll()).hasSize(1);
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
    assertThat(journal.loadAll()).isEmpty();
    assertThat(dataDir.resolve("tasks-rejected")).doesNotExist();
  }
}
