package dev.mesh.node.cancel;

import static dev.mesh.node.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.TaskState;
import dev.mesh.protocol.task.Usage;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancels against a real store (a node alone: its journal is where every change is made first). */
class CancellerTest {
  @TempDir Path dataDir;
  private Vertx vertx;
  private TaskStore store;
  private Canceller canceller;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    store = TaskStore.alone(vertx, new TaskJournal(dataDir), new TaskJournal(dataDir, "claims"),
        new Retention(Duration.ofHours(24), 10_000));
    store.recover().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    canceller = new Canceller(store, "pi", Clock.systemUTC());
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private TaskRecord running() throws Exception {
    Instant now = Instant.now();
    TaskRecord r = await(store.accept(Task.accept(TaskRequest.generate("x"), TaskIds.next(now), "pi", now)));
    return await(store.update(r.id(), x -> x.running("mini", now)));
  }

  private static TaskResult result() {
    return TaskResult.generated("y", new Usage(1, 1), null, "mini", "m", false);
  }

  @Test
  void cancelsARunningTaskAndTheResultThatComesBackAfterIsRefused() throws Exception {
    TaskRecord running = running();

    CancelOutcome outcome = await(canceller.cancel(running.id(), "DELETE /v1/tasks/" + running.id()));

    assertThat(outcome).isInstanceOf(CancelOutcome.Cancelled.class);
    assertThat(((CancelOutcome.Cancelled) outcome).record().state()).isEqualTo(TaskState.CANCELLED);
    assertThatThrownBy(() -> await(store.update(running.id(), r -> r.succeeded(result(), Instant.now()))))
        .hasCauseInstanceOf(TaskStore.StaleChange.class);
    assertThat(store.get(running.id()).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void aTaskWhoseResultWasStoredFirstHasAlreadyEndedAndSaysInWhichState() throws Exception {
    TaskRecord running = running();
    await(store.update(running.id(), r -> r.succeeded(result(), Instant.now())));

    CancelOutcome outcome = await(canceller.cancel(running.id(), "DELETE"));

    assertThat(outcome).isInstanceOf(CancelOutcome.AlreadyEnded.class);
    var error = ((CancelOutcome.AlreadyEnded) outcome).error();
    assertThat(error.code()).isEqualTo(ErrorCodes.TASK_ENDED);
    assertThat(error.message()).contains("had already ended: succeeded on mini at ");
    assertThat(ErrorCodes.httpStatus(error.code())).isEqualTo(409);
    assertThat(store.get(running.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void aTaskNobodyKnowsIsUnknown() throws Exception {
    String id = TaskIds.next(Instant.now());
    assertThat(await(canceller.cancel(id, "DELETE"))).isEqualTo(new CancelOutcome.Unknown(id));
  }
}
