package dev.mesh.node.store;

import static dev.mesh.node.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node keeps of the task updates other nodes publish. */
class TaskStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  @TempDir Path dataDir;
  private Vertx vertx;
  private TaskStore store;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = storeIn(dataDir, new Retention(java.time.Duration.ofHours(24), 10_000));
  }

  private TaskStore storeIn(Path dir, Retention retention) throws Exception {
    TaskStore s = TaskStore.alone(vertx, new TaskJournal(dir), new TaskJournal(dir, "claims"), retention);
    s.recover().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return s;
  }


  /** Accepted and ended alone, now. */
  private TaskRecord acceptedAndEnded(TaskStore s, int i) throws Exception {
    Instant now = Instant.now();
    TaskRecord r = await(s.accept(Task.accept(TaskRequest.generate("x"), TaskIds.next(now), "b", now)));
    return await(s.update(r.id(), x -> x.running("b", now).succeeded(resultBy("b"), now)));
  }

  /**
   * A task claimed from the folder while this node's records lacked it is kept as this node's own; once the mesh's
   * record of it is heard, that copy yields (and leaves the claims journal) — two copies would run apart.
   */
  @Test
  void aClaimOnlyThisNodeKnewYieldsToTheMeshsRecordOnceHeard() throws Exception {
    String id = TaskIds.next(Instant.now());
    TaskRecord sent = TaskRecord.queued(Task.accept(TaskRequest.generate("x"), id, "b", T0))
        .inFolder("b", "me", "bus down", T0);
    TaskRecord mine = await(store.claim(sent, "me", T0));
    assertThat(store.isLocalOnly(id)).as("the records lacked it: a claim of this node's alone").isTrue();
    assertThat(dataDir.resolve("claims").resolve(id + ".json")).exists();

    TaskRecord meshs = sent.claimedBy("a", T0).running("a", T0).succeeded(resultBy("a"), T0.plusSeconds(1));
    store.heard(meshs);

    assertThat(store.isLocalOnly(id)).isFalse();
    assertThat(store.get(id)).contains(meshs);
    assertThat(mine.placement().heldBy("me")).isTrue();
    Thread.sleep(200); // the claims journal is written in the background
    assertThat(dataDir.resolve("claims").resolve(id + ".json")).doesNotExist();
  }

  @Test
  void keepsABoundedNumberOfEndedTasksInMemoryAndReadsOlderOnesFromTheJournal() throws Exception {
    int n = TaskStore.FINISHED_IN_MEMORY + 100;
    java.util.List<TaskRecord> ended = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ended.add(acceptedAndEnded(store, i));
    }
    TaskRecord open = await(store.accept(Task.accept(TaskRequest.generate("y"), TaskIds.next(Instant.now()), "b",
        Instant.now())));
    assertThat(store.get(ended.get(0).id())).as("the first ended, evicted from memory").isEmpty();
    assertThat(store.get(ended.get(n - 1).id())).isPresent();
    assertThat(store.get(open.id())).as("an unfinished task is never evicted").isPresent();
    assertThat(store.countsByState().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(TaskStore.FINISHED_IN_MEMORY + 1);
    assertThat(await(store.find(ended.get(0).id()))).as("answered from the journal").contains(ended.get(0));
    assertThat(store.forgotten(ended.get(0).id())).isFalse();
  }

  @Test
  void pruningForgetsEndedTasksBeyondTheRetentionSaysSoAndNeverDropsAnUnfinishedOne() throws Exception {
    TaskStore small = storeIn(dataDir.resolve("small"), new Retention(java.time.Duration.ofHours(24), 10));
    java.util.List<TaskRecord> ended = new java.util.ArrayList<>();
    for (int i = 0; i < 15; i++) {
      ended.add(acceptedAndEnded(small, i));
      Thread.sleep(2); // distinct ids and file times, oldest first
    }
    TaskRecord open = await(small.accept(Task.accept(TaskRequest.generate("y"), TaskIds.next(Instant.now()), "b",
        Instant.now())));
    await(vertx.executeBlocking(() -> small.prune(Instant.now()), false));

    assertThat(await(small.find(ended.get(0).id()))).isEmpty();
    assertThat(small.forgotten(ended.get(0).id())).as("pruned: 404 says so").isTrue();
    assertThat(await(small.find(ended.get(14).id()))).isPresent();
    assertThat(small.forgotten(TaskIds.next(Instant.now()))).as("a newer id was never known, not forgotten").isFalse();
    TaskStore restarted = storeIn(dataDir.resolve("small"), new Retention(java.time.Duration.ofHours(24), 10));
    assertThat(restarted.get(open.id())).as("unfinished, reloaded at start").isPresent();
    assertThat(restarted.get(ended.get(14).id())).as("ended: not read at start").isEmpty();
    assertThat(restarted.forgotten(ended.get(0).id())).as("what was pruned is known as pruned after a restart")
        .isTrue();
    assertThat(restarted.forgotten("t-0000000000-0000000000")).as("an id this node never had is not 'pruned'")
        .isFalse();
    assertThat(await(restarted.find(ended.get(14).id()))).isPresent();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Accepted at b, handed to c, started there. */
  private static TaskRecord startedOnC() {
    TaskRecord r = TaskRecord.queued(Task.accept(TaskRequest.generate("hello"), "t-aaaaaaaa-0000000001", "b", T0));
    return r.routed(new Hop("b", T0.plusMillis(1), HopEvent.ROUTED, "c chosen"))
        .handedTo("c", T0.plusMillis(2))
        .running("c", T0.plusMillis(3));
  }

  private static TaskResult resultBy(String node) {
    return TaskResult.generated("text", new Usage(1, 1), new Timings(0, 1, 1, 2, 1.0, 1.0), node, "m", false);
  }

  @Test
  void takesARecordThatContinuesTheHistoryItKnows() {
    TaskRecord started = startedOnC();
    store.observe(started);
    TaskRecord finished = started.succeeded(resultBy("c"), T0.plusSeconds(1));
    store.observe(finished);
    assertThat(store.get(started.id())).contains(finished);
  }

  @Test
  void recentListsTheLastChangedTasksNewestFirst() {
    for (int i = 0; i < 40; i++) {
      // changed in an order unrelated to their ids
      int minute = (i * 7) % 40;
      store.observe(TaskRecord.queued(Task.accept(TaskRequest.generate("x"), String.format("t-aaaaaaaa-%010d", i), "b",
          T0.plusSeconds(60L * minute))));
    }
    assertThat(store.recent(5)).extracting(r -> r.updatedAt().getEpochSecond() - T0.getEpochSecond())
        .containsExactly(39 * 60L, 38 * 60L, 37 * 60L, 36 * 60L, 35 * 60L);
    assertThat(store.recent(100)).hasSize(40);
  }

  @Test
  void ignoresAnOlderRecordArrivingLate() {
    TaskRecord started = startedOnC();
    TaskRecord finished = started.succeeded(resultBy("c"), T0.plusSeconds(1));
    store.observe(finished);
    store.observe(started);
    assertThat(store.get(started.id())).contains(finished);
  }

  @Test
  void ignoresTheLateResultOfAFrozenNodeWhoseTaskWasReRoutedMeanwhile() {
    TaskRecord started = startedOnC();
    TaskRecord rerouted = started.requeued("b", "node c was lost", T0.plusSeconds(6))
        .routed(new Hop("b", T0.plusSeconds(6), HopEvent.ROUTED, "a chosen"))
        .handedTo("a", T0.plusSeconds(6))
        .running("a", T0.plusSeconds(6));
    store.observe(rerouted);
    // c wakes from SIGSTOP and publishes the end of its own, abandoned attempt
    store.observe(started.succeeded(resultBy("c"), T0.plusSeconds(12)));
    assertThat(store.get(started.id())).contains(rerouted);
  }
}
