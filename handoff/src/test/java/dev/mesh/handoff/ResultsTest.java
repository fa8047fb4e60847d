package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
  @TempDir Path root;

  @Test
  void aResultWrittenTwiceIsKeptOnceTheFirst() throws IOException {
    Fixtures f = Fixtures.at(root);
    TaskRecord task = Fixtures.task("t-1");

    assertThat(f.results.store(Fixtures.ended(task, "pi", "first"))).isTrue();
    assertThat(f.results.store(Fixtures.ended(task, "macmini", "second"))).isFalse();

    assertThat(f.results.read("t-1")).hasValueSatisfying(r -> assertThat(r.error().message()).isEqualTo("first"));
    try (Stream<Path> files = Files.list(f.dir.results())) {
      assertThat(files).containsExactly(f.dir.resultOf("t-1")); // no temp file left behind
    }
  }

  @Test
  void concurrentWritersOfOneResultLeaveExactlyOne() throws Exception {
    Fixtures f = Fixtures.at(root);
    TaskRecord task = Fixtures.task("t-1");
    int writers = 8;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    var wins = new java.util.concurrent.atomic.AtomicInteger();
    var start = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < writers; i++) {
      String by = "node" + i;
      pool.submit(() -> {
        start.await();
        if (f.results.store(Fixtures.ended(task, by, by))) {
          wins.incrementAndGet();
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(wins).hasValue(1);
    assertThat(f.results.read("t-1")).isPresent();
  }

  /** An origin looks for a result while its claimer writes it: "not there yet" must never read as "bad file". */
  @Test
  void aResultReadWhileItIsBeingWrittenIsNeverQuarantined() throws Exception {
    Fixtures f = Fixtures.at(root);
    var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < 300; i++) {
        TaskRecord task = Fixtures.task("t-" + i);
        var written = writer.submit(() -> f.results.store(Fixtures.ended(task, "pi", "done")));
        while (f.results.read(task.id()).isEmpty()) {
          assertThat(written.isDone() && f.results.read(task.id()).isEmpty()).as("result %s lost", task.id())
              .isFalse();
        }
      }
    } finally {
      writer.shutdownNow();
    }
    try (Stream<Path> rejected = Files.list(f.dir.rejected())) {
      assertThat(rejected).isEmpty();
    }
  }

  @Test
  void onlyAnEndedTaskHasAResult() throws IOException {
    Fixtures f = Fixtures.at(root);
    assertThatThrownBy(() -> f.results.store(Fixtures.task("t-1"))).hasMessageContaining("not ended");
  }

  @Test
  void anUnreadableResultIsQuarantinedWithItsReason() throws IOException {
    Fixtures f = Fixtures.at(root);
    Files.writeString(f.dir.resultOf("t-1"), "{\"task\": {");

    assertThat(f.results.read("t-1")).isEmpty();
    assertThat(f.dir.rejected().resolve("t-1.json")).exists();
    assertThat(Files.readString(f.dir.rejected().resolve("t-1.json" + Quarantine.REASON_SUFFIX)))
        .contains("unreadable result");
  }

  @Test
  void oldResultsAndAbandonedTempFilesArePruned() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.results.store(Fixtures.ended(Fixtures.task("t-old"), "pi", "x"));
    f.results.store(Fixtures.ended(Fixtures.task("t-new"), "pi", "x"));
    Path temp = f.dir.inbox().resolve(AtomicFiles.TEMP_PREFIX + "t-9.json-crashed");
    Files.writeString(temp, "{");
    FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Files.setLastModifiedTime(f.dir.resultOf("t-old"), twoHoursAgo);
    Files.setLastModifiedTime(temp, twoHoursAgo);

    assertThat(f.results.prune(Duration.ofHours(1))).isEqualTo(2);
    assertThat(f.results.read("t-old")).isEmpty();
    assertThat(f.results.read("t-new")).isPresent();
    assertThat(temp).doesNotExist();
  }
}
