package dev.mesh.node.recovery;

import static dev.mesh.node.testing.Awaits.await;
import static dev.mesh.node.testing.Awaits.awaitEnded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.dispatch.Dispatcher;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.inference.ModelLoader;
import dev.mesh.node.inference.RamAdmission;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.node.testing.TestAdverts;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task this node holds that nobody works on — accepted, but the step that should have placed it failed — is
 * placed again after two checks; a task the node does work on (here: waiting for a capable node) or one another
 * node holds is left alone. One JVM: real Vert.x, a real store with its journal in a temp folder, the real
 * dispatcher and runner (of a node without models, so a placed task ends "no capable node").
 */
class StrandedTasksTest {
  private static final String ME = "me";
  @TempDir Path data;
  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.systemUTC();
  private Context context;
  private TaskStore store;
  private Dispatcher dispatcher;
  private StrandedTasks stranded;

  @BeforeEach
  void start() throws Exception {
    TaskJournal journal = new TaskJournal(data);
    TaskJournal claims = new TaskJournal(data, "claims");
    journal.open();
    claims.open();
    store = TaskStore.alone(vertx, journal, claims, new Retention(Duration.ofHours(24), 100));
    await(store.recover());
    context = vertx.getOrCreateContext();
    onContext(() -> {
      ModelCatalog none = new ModelCatalog(List.of());
      TaskRunner runner = new TaskRunner(context, store, none, new InferenceRunner(ME, clock), Standing.ALONE, ME,
          clock, new ModelLoader(none, () -> new RamAdmission.Room(0, 0, 0, 0), Runnable::run, Runnable::run));
      dispatcher = new Dispatcher(vertx, store, runner, none, new AdvertBook(Duration.ofSeconds(5), clock),
          StrandedTasksTest::me, SharedFolder.NONE, Standing.ALONE, new Dispatcher.Settings(ME, Objective.FASTEST, 3, 1000), clock);
      stranded = new StrandedTasks(store, dispatcher, runner::holds, SharedFolder.NONE, Standing.ALONE, ME, clock);
      return null;
    });
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static NodeAdvert me() {
    return TestAdverts.withoutEngine(ME);
  }

  @Test
  void aTaskHeldHereThatNobodyPlacesIsPlacedAgainAfterTwoChecks() throws Exception {
    TaskRecord dropped = await(store.accept(task("t-drop0000-0000000001", TaskRequest.embed("note"), ME)));

    onContext(() -> {
      stranded.check();
      return null;
    });
    Thread.sleep(200);
    assertThat(await(store.find(dropped.id())).orElseThrow())
        .as("one check is not enough: the step that places it may just be under way").isEqualTo(dropped);

    onContext(() -> {
      stranded.check();
      return null;
    });
    TaskRecord placed = awaitEnded(store, dropped.id());
    assertThat(placed.hops()).anySatisfy(h -> {
      assertThat(h.is(HopEvent.REQUEUED)).isTrue();
      assertThat(h.reason()).contains("neither queued, running nor being placed");
    });
    assertThat(placed.error().code()).as("routed again: no node here can run it").isEqualTo("no_capable_node");
  }

  @Test
  void aTaskWaitingForANodeAndOneAnotherNodeHoldsAreLeftAlone() throws Exception {
    TaskRequest patient = TaskRequest.embed("note").withRequirements(new Requirements(null, null, null, false, null,
        true));
    TaskRecord waiting = await(store.accept(task("t-wait0000-0000000002", patient, ME)));
    onContext(() -> dispatcher.dispatch(waiting));
    TaskRecord waitingNow = await(store.find(waiting.id())).orElseThrow();
    TaskRecord elsewhere = await(store.adopt(TaskRecord.queued(task("t-else0000-0000000003", TaskRequest.embed("x"),
        "imac"))));

    for (int i = 0; i < 3; i++) {
      onContext(() -> {
        stranded.check();
        return null;
      });
    }
    Thread.sleep(200);
    assertThat(await(store.find(waiting.id())).orElseThrow()).as("waits at each heartbeat: not stranded")
        .isEqualTo(waitingNow);
    assertThat(await(store.find(elsewhere.id())).orElseThrow()).as("imac's to place").isEqualTo(elsewhere);
  }

  private static Task task(String id, TaskRequest request, String origin) {
    return Task.accept(request, id, origin, Instant.now());
  }

  private <T> T onContext(Callable<T> step) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        T value = step.call();
        if (value instanceof Future<?> f) {
          f.onComplete(r -> done.complete(value));
        } else {
          done.complete(value);
        }
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }


}
