package dev.mesh.node.dispatch;

import static dev.mesh.node.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.inference.ModelLoader;
import dev.mesh.node.inference.RamAdmission;
import dev.mesh.node.keys.FileKeys;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.node.testing.TestAdverts;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskValidator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where tasks enter, in one JVM with the real parts: a node alone (real Vert.x, journal and idempotency keys in a
 * temp folder), the real dispatcher and runner. No engine here, so the tasks ask to wait for a node.
 */
class TaskIntakeTest {
  private static final String ME = "me";
  @TempDir Path data;
  private final Vertx vertx = Vertx.vertx();
  private final Clock clock = Clock.systemUTC();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static NodeAdvert me() {
    return TestAdverts.withoutEngine(ME);
  }

  private static TaskRequest waiting(String key) {
    return TaskRequest.embed("note").withRequirements(new Requirements(null, null, null, false, null, true))
        .withIdempotencyKey(key);
  }

  /** An intake of a node alone, standing as {@code standing} says; built and used on one Vert.x context. */
  private <T> T onIntake(Standing standing, Function<TaskIntake, Future<T>> use) throws Exception {
    Context context = vertx.getOrCreateContext();
    TaskStore store = TaskStore.alone(vertx, new TaskJournal(data), new TaskJournal(data, "claims"),
        new Retention(Duration.ofHours(24), 100));
    store.recover().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        ModelCatalog none = new ModelCatalog(List.of());
        TaskRunner runner = new TaskRunner(context, store, none, new InferenceRunner(ME, clock), standing, ME, clock,
            new ModelLoader(none, () -> new RamAdmission.Room(0, 0, 0, 0), Runnable::run, Runnable::run));
        Dispatcher dispatcher = new Dispatcher(vertx, store, runner, none, new AdvertBook(Duration.ofSeconds(5), clock),
            TaskIntakeTest::me, SharedFolder.NONE, Standing.ALONE, new Dispatcher.Settings(ME, Objective.FASTEST, 3, 1000), clock);
        TaskIntake intake = new TaskIntake(context, store, none, runner, dispatcher,
            new FileKeys(vertx, data, Duration.ofHours(24)), standing, dispatcher::preview, Set::of,
            TaskValidator.Limits.defaults(), 100, ME, clock);
        use.apply(intake).onComplete(done -> {
          if (done.succeeded()) {
            result.complete(done.result());
          } else {
            result.completeExceptionally(done.cause());
          }
        });
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(20, TimeUnit.SECONDS);
  }

  @Test
  void anIdempotencyKeyNamesOneTaskAlsoAfterARestart() throws Exception {
    List<TaskRecord> firstRun = onIntake(Standing.ALONE, intake -> intake.submit(waiting("k-1"))
        .compose(a -> intake.submit(waiting("k-1")).map(b -> List.of(a, b)))
        .compose(ab -> intake.submit(waiting("k-2")).map(c -> List.of(ab.get(0), ab.get(1), c))));
    assertThat(firstRun.get(1).id()).as("the same key again").isEqualTo(firstRun.get(0).id());
    assertThat(firstRun.get(2).id()).as("another key").isNotEqualTo(firstRun.get(0).id());

    TaskRecord afterRestart = onIntake(Standing.ALONE, intake -> intake.submit(waiting("k-1")));
    assertThat(afterRestart.id()).as("the key, kept on disk").isEqualTo(firstRun.get(0).id());
  }

  /**
   * A node that died between reserving a key and accepting its task left a reservation no task answers to: once it
   * is clearly stale the key is taken over; a fresh one (its task may be being accepted now) is not.
   */
  @Test
  void aKeyReservedForATaskNeverAcceptedIsTakenOverOnceStaleButNotBefore() throws Exception {
    FileKeys keys = new FileKeys(vertx, data, Duration.ofHours(24));
    String lost = TaskIds.next(clock.instant().minusSeconds(120));
    String recent = TaskIds.next(clock.instant());
    await(keys.reserve("k-stale", lost));
    await(keys.reserve("k-fresh", recent));

    TaskRecord taken = onIntake(Standing.ALONE, intake -> intake.submit(waiting("k-stale")));
    assertThat(taken.id()).as("a new task for the stale key").isNotEqualTo(lost);
    assertThat(await(keys.holder("k-stale"))).as("the key names it now").contains(taken.id());

    Throwable refused = onIntake(Standing.ALONE, intake -> intake.submit(waiting("k-fresh")).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(refused).isInstanceOf(Rejection.class);
    assertThat(((Rejection) refused).error().code()).isEqualTo("idempotency_key_in_use");
    assertThat(await(keys.holder("k-fresh"))).contains(recent);
  }


  @Test
  void aNodeThatIsNotSettledRefusesWorkWithRejoining() throws Exception {
    Standing cutOff = new Standing() {
      @Override
      public boolean settled() {
        return false;
      }

      @Override
      public void onSettled(Runnable listener) {
        // never, in this test
      }
    };
    Throwable refused = onIntake(cutOff, intake -> intake.submit(waiting("k-3")).map(r -> (Throwable) null)
        .recover(Future::succeededFuture));
    assertThat(refused).isInstanceOf(Rejection.class);
    assertThat(((Rejection) refused).error().code()).isEqualTo("rejoining");
    assertThat(((Rejection) refused).status()).isEqualTo(503);
  }
}
