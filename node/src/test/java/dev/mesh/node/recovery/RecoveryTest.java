package dev.mesh.node.recovery;

import static dev.mesh.node.testing.Awaits.await;
import static dev.mesh.node.testing.Awaits.awaitEnded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.handoff.HandoffDir;
import dev.mesh.handoff.Quarantine;
import dev.mesh.handoff.Results;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.config.HandoffConfig;
import dev.mesh.node.dispatch.Dispatcher;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.handoff.HandoffTransport;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.inference.ModelLoader;
import dev.mesh.node.inference.RamAdmission;
import dev.mesh.node.keys.FileKeys;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.node.testing.TestAdverts;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Usage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after a restart, in one JVM with the real parts: a node alone (real Vert.x, its journal in a temp
 * folder), a real shared folder, the real dispatcher and runner. Each placement a task can be stranded in ends
 * the way its rule says.
 */
class RecoveryTest {
  private static final String ME = "me";
  @TempDir Path data;
  @TempDir Path shared;
  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.systemUTC();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }


  private static TaskRecord accepted(String id) {
    Instant now = Instant.now();
    return TaskRecord.queued(Task.accept(TaskRequest.embed("note"), id, ME, now));
  }

  private static NodeAdvert me() {
    return TestAdverts.withoutEngine(ME);
  }

  @Test
  void aRestartedNodeRequeuesWhatItHeldWaitsOnTheFolderForWhatItSentThereAndLeavesClaimsToTheirLease()
      throws Exception {
    TaskJournal journal = new TaskJournal(data);
    TaskJournal claims = new TaskJournal(data, "claims");
    journal.open();
    claims.open();
    TaskRecord held = accepted("t-held0000-0000000001");
    TaskRecord sent = accepted("t-sent0000-0000000002").inFolder(ME, "imac", "event bus down", Instant.now());
    TaskRecord claimed = accepted("t-clmd0000-0000000003").claimedBy(ME, Instant.now()).running(ME, Instant.now());
    journal.save(held);
    journal.save(sent);
    claims.save(claimed);
    // the node it was sent to ran it while this one was down: its result is in the folder
    HandoffDir dir = HandoffDir.open(shared);
    new Results(dir, new Quarantine(dir, clock, note -> { }), clock, 1 << 20).store(
        sent.claimedBy("imac", Instant.now()).running("imac", Instant.now()).succeeded(
            TaskResult.embedded(new float[] {1f, 2f}, new Usage(1, 0), null, "imac", "m", false), Instant.now()));

    Context context = vertx.getOrCreateContext();
    TaskStore store = TaskStore.alone(vertx, journal, claims, new Retention(Duration.ofHours(24), 100));
    List<TaskRecord> unfinished = await(store.recover());
    assertThat(unfinished).extracting(TaskRecord::id).containsExactlyInAnyOrder(held.id(), sent.id(), claimed.id());

    CompletableFuture<Void> started = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        ModelCatalog none = new ModelCatalog(List.of());
        TaskRunner runner = new TaskRunner(context, store, none, new InferenceRunner(ME, clock), Standing.ALONE, ME,
            clock, new ModelLoader(none, () -> new RamAdmission.Room(0, 0, 0, 0), Runnable::run, Runnable::run));
        AdvertBook book = new AdvertBook(Duration.ofSeconds(5), clock);
        HandoffTransport folder = new HandoffTransport(vertx, context, new HandoffConfig(shared.toString(), 100,
            30_000, 500, 1 << 20, 24, true, false), ME, store, none, book, runner::enqueue, clock);
        Dispatcher dispatcher = new Dispatcher(vertx, store, runner, none, book, RecoveryTest::me, folder, Standing.ALONE,
            new Dispatcher.Settings(ME, Objective.FASTEST, 3, 1000), clock);
        folder.start(() -> false, RecoveryTest::me);
        new Recovery(store, dispatcher, folder, new FileKeys(vertx, data, Duration.ofHours(24)), ME, clock)
            .restarted(unfinished);
        started.complete(null);
      } catch (Exception e) {
        started.completeExceptionally(e);
      }
    });
    started.get(10, TimeUnit.SECONDS);

    TaskRecord heldNow = awaitEnded(store, held.id());
    assertThat(heldNow.hops()).anySatisfy(h -> assertThat(h.reason()).isEqualTo("node restarted before it finished"));
    assertThat(heldNow.error().code()).as("requeued and routed again: here no node can run it")
        .isEqualTo("no_capable_node");

    TaskRecord sentNow = awaitEnded(store, sent.id());
    assertThat(sentNow.state().wire()).as("collected from the folder, not sent again").isEqualTo("succeeded");
    assertThat(sentNow.result().executedBy()).isEqualTo("imac");

    TaskRecord claimedNow = await(store.find(claimed.id())).orElseThrow();
    assertThat(claimedNow).as("left to its lease in the folder").isEqualTo(claimed);
  }

}
