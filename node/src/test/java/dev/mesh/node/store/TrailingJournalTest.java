package dev.mesh.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal writes behind the cluster map: per task, the newest version waiting is the one written. */
class TrailingJournalTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  @TempDir Path dataDir;
  private Vertx vertx;
  private TaskJournal journal;
  private KeyedQueue writes;
  private TrailingJournal trailing;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    journal = new TaskJournal(dataDir);
    journal.open();
    writes = new KeyedQueue(vertx);
    trailing = new TrailingJournal(journal, writes);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void versionsThatArriveWhileAWriteWaitsAreReplacedByTheNewestAndOnlyItIsWritten() throws Exception {
    TaskRecord queued = TaskRecord.queued(Task.accept(TaskRequest.generate("x"), TaskIds.next(T0), "a", T0));
    TaskRecord handed = queued.handedTo("b", T0);
    TaskRecord running = handed.running("b", T0.plusMillis(1));
    CountDownLatch disk = new CountDownLatch(1);
    // an earlier write of the same task holds its queue, as a slow fsync does
    writes.submit(queued.id(), () -> disk.await(10, TimeUnit.SECONDS));
    trailing.follow(handed);
    trailing.follow(running);
    assertThat(trailing.counts()).isEqualTo(new TrailingJournal.Counts(0, 1));
    disk.countDown();

    awaitWritten(1);
    assertThat(trailing.counts().replaced()).as("the handed version was replaced before its turn").isEqualTo(1);
    assertThat(journal.loadUnfinished()).containsExactly(running);
  }

  @Test
  void aVersionThatArrivesOnceTheWriteTookItsOwnIsWrittenAfterIt() throws Exception {
    TaskRecord queued = TaskRecord.queued(Task.accept(TaskRequest.generate("x"), TaskIds.next(T0), "a", T0));
    TaskRecord handed = queued.handedTo("b", T0);
    TaskRecord running = handed.running("b", T0.plusMillis(1));
    trailing.follow(handed);
    awaitWritten(1);
    trailing.follow(running);
    awaitWritten(2);
    assertThat(trailing.counts().replaced()).isZero();
    assertThat(journal.loadUnfinished()).containsExactly(running);
  }

  private void awaitWritten(long n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (trailing.counts().written() < n && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    Thread.sleep(20); // the write's future completes after the count: let the queue settle
    assertThat(trailing.counts().written()).isEqualTo(n);
  }
}
