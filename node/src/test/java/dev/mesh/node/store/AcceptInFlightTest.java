package dev.mesh.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acceptance whose map write is applied but then fails (Hazelcast's operation-heartbeat timeout after 120 s, seen
 * in the chaos suite): while it is in flight the task is not this node's to place again, and once it has failed no
 * copy of it stays in memory for anyone to run.
 */
class AcceptInFlightTest {
  @TempDir Path dataDir;
  private Vertx vertx;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aTaskBeingAcceptedIsNotPlacedAgainAndAFailedAcceptanceLeavesNoCopy() throws Exception {
    CountDownLatch timeout = new CountDownLatch(1);
    AppliedThenTimedOut map = new AppliedThenTimedOut(timeout);
    TaskStore store = TaskStore.clustered(vertx, new TaskJournal(dataDir), new TaskJournal(dataDir, "claims"), map,
        new Retention(Duration.ofHours(1), 100));
    store.recover().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Instant now = Instant.now();
    Task task = Task.accept(TaskRequest.generate("x"), TaskIds.next(now), "me", now);

    Future<TaskRecord> accepted = store.accept(task);
    map.applied.await(10, TimeUnit.SECONDS);
    store.refresh(Set.of(task.id())).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(store.unfinishedHeldBy("me")).as("a re-read of the map brought the half-made record here")
        .extracting(TaskRecord::id).containsExactly(task.id());
    assertThat(store.accepting(task.id())).as("recovery must leave it alone while its acceptance is in flight")
        .isTrue();

    timeout.countDown();
    Throwable failure = accepted.toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(10,
        TimeUnit.SECONDS);
    assertThat(failure).as("the caller is told it failed").isNotNull();
    assertThat(store.accepting(task.id())).isFalse();
    assertThat(store.unfinishedHeldBy("me")).as("no copy left to place again and run").isEmpty();
    assertThat(map.records).doesNotContainKey(task.id());
  }

  /** A map whose put is applied, then fails after a while — as a Hazelcast operation that outlived its timeout. */
  private static final class AppliedThenTimedOut implements MeshRecords {
    final Map<String, TaskRecord> records = new ConcurrentHashMap<>();
    final CountDownLatch applied = new CountDownLatch(1);
    private final CountDownLatch timeout;

    AppliedThenTimedOut(CountDownLatch timeout) {
      this.timeout = timeout;
    }

    @Override
    public Optional<TaskRecord> get(String id) {
      return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<TaskRecord> getAll(Set<String> ids) {
      return ids.stream().map(records::get).filter(r -> r != null).toList();
    }

    @Override
    public Optional<TaskRecord> update(String id, UnaryOperator<TaskRecord> change) {
      return Optional.empty();
    }

    @Override
    public void put(TaskRecord record) {
      records.put(record.id(), record);
      applied.countDown();
      try {
        timeout.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("operation-heartbeat-timeout (the put was applied)");
    }

    @Override
    public boolean restore(TaskRecord record) {
      return records.putIfAbsent(record.id(), record) == null;
    }

    @Override
    public void remove(String id) {
      records.remove(id);
    }

    @Override
    public void deleteEnded(List<String> ids) {
      ids.forEach(records::remove);
    }

    @Override
    public boolean journalFollows() {
      return true;
    }
  }
}
