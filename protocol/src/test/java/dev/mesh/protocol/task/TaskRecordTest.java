package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRecordTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Task TASK = Task.accept(TaskRequest.generate("hi"), "t-1", "pi", T0);
  private static final TaskResult RESULT =
      TaskResult.generated("hello", new Usage(2, 3), null, "mini", "stories", false);

  @Test
  void queuedRecordStartsWithAcceptedHopAtOrigin() {
    TaskRecord r = TaskRecord.queued(TASK);
    assertThat(r.state()).isEqualTo(TaskState.QUEUED);
    assertThat(r.hops()).containsExactly(Hop.of("pi", T0, Hop.ACCEPTED));
    assertThat(r.updatedAt()).isEqualTo(T0);
    assertThat(r.attempts()).isZero();
  }

  @Test
  void runningCountsAttemptsAndRecordsStartedHop() {
    TaskRecord r = TaskRecord.queued(TASK).running("mini", T0.plusSeconds(1))
        .requeued("mini", "engine crashed", T0.plusSeconds(2))
        .running("mac", T0.plusSeconds(3));
    assertThat(r.state()).isEqualTo(TaskState.RUNNING);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.hops()).extracting(Hop::event)
        .containsExactly(Hop.ACCEPTED, Hop.STARTED, Hop.REQUEUED, Hop.STARTED);
    assertThat(r.lastNode()).isEqualTo("mac");
    assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void succeededKeepsResultAndNamesExecutingNodeInHop() {
    TaskRecord r = TaskRecord.queued(TASK).running("mini", T0.plusSeconds(1)).succeeded(RESULT, T0.plusSeconds(2));
    assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(r.terminal()).isTrue();
    assertThat(r.result()).isEqualTo(RESULT);
    assertThat(r.hops().get(r.hops().size() - 1)).isEqualTo(Hop.of("mini", T0.plusSeconds(2), Hop.FINISHED));
  }

  @Test
  void failedKeepsErrorAndRecordsReasonOnLastNode() {
    ApiError e = ApiError.of(ErrorCodes.ENGINE_CRASHED, "engine died: SIGILL");
    TaskRecord r = TaskRecord.queued(TASK).running("imac", T0.plusSeconds(1)).failed(e, T0.plusSeconds(2));
    assertThat(r.state()).isEqualTo(TaskState.FAILED);
    assertThat(r.error()).isEqualTo(e);
    assertThat(r.hops().get(2)).isEqualTo(new Hop("imac", T0.plusSeconds(2), Hop.FAILED, "engine died: SIGILL"));
  }

  @Test
  void aLaterVersionContinuesAnEarlierOneButNotADivergedOne() {
    TaskRecord sent = TaskRecord.queued(TASK).withHop(new Hop("pi", T0.plusSeconds(1), Hop.HANDOFF, "to mini"));
    TaskRecord doneThere = sent.running("mini", T0.plusSeconds(2)).succeeded(RESULT, T0.plusSeconds(3));
    TaskRecord changedHere = sent.withHop(new Hop("pi", T0.plusSeconds(2), Hop.ROUTED, "again"));
    TaskRecord otherTask = TaskRecord.queued(Task.accept(TaskRequest.generate("hi"), "t-2", "pi", T0));

    assertThat(doneThere.continues(sent)).isTrue();
    assertThat(sent.continues(sent)).isTrue();
    assertThat(sent.continues(doneThere)).isFalse();
    assertThat(doneThere.continues(changedHere)).isFalse();
    assertThat(otherTask.continues(TaskRecord.queued(TASK))).isFalse();
  }

  @Test
  void expiredCarriesDeadlineExceededError() {
    TaskRecord r = TaskRecord.queued(TASK).expired(T0.plusSeconds(601));
    assertThat(r.state()).isEqualTo(TaskState.EXPIRED);
    assertThat(r.error().code()).isEqualTo(ErrorCodes.DEADLINE_EXCEEDED);
    assertThat(r.hops().get(1).event()).isEqualTo(Hop.EXPIRED);
  }

  @Test
  void withHopAppendsWithoutChangingState() {
    Hop routed = new Hop("pi", T0.plusSeconds(1), Hop.ROUTED, "mini: est 1.2 s; imac: excluded, cpu lacks avx2");
    TaskRecord r = TaskRecord.queued(TASK).withHop(routed);
    assertThat(r.state()).isEqualTo(TaskState.QUEUED);
    assertThat(r.hops()).endsWith(routed);
  }

  @Test
  void transitionsLeaveTheOriginalUntouched() {
    TaskRecord queued = TaskRecord.queued(TASK);
    queued.running("mini", T0);
    assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
    assertThat(queued.hops()).hasSize(1);
  }

  @Test
  void refusesSecondResultNamingBothStates() {
    TaskRecord done = TaskRecord.queued(TASK).succeeded(RESULT, T0);
    assertThatThrownBy(() -> done.succeeded(RESULT, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task t-1 cannot go from succeeded to succeeded");
  }

  @Test
  void refusesEveryTransitionOutOfTerminalStates() {
    ApiError e = ApiError.of(ErrorCodes.INTERNAL, "boom");
    List<TaskRecord> terminal = List.of(
        TaskRecord.queued(TASK).succeeded(RESULT, T0),
        TaskRecord.queued(TASK).failed(e, T0),
        TaskRecord.queued(TASK).expired(T0));
    for (TaskRecord r : terminal) {
      String from = r.state().wire();
      assertThatThrownBy(() -> r.running("n", T0)).hasMessageContaining("from " + from + " to running");
      assertThatThrownBy(() -> r.failed(e, T0)).hasMessageContaining("from " + from + " to failed");
      assertThatThrownBy(() -> r.expired(T0)).hasMessageContaining("from " + from + " to expired");
      assertThatThrownBy(() -> r.requeued("n", "x", T0)).hasMessageContaining("from " + from + " to queued");
      assertThatThrownBy(() -> r.succeeded(RESULT, T0)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void refusesSucceededStateWithoutResultAndFailedWithoutError() {
    assertThatThrownBy(() -> new TaskRecord(TASK, TaskState.SUCCEEDED, null, null, List.of(), T0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a succeeded task needs a result");
    assertThatThrownBy(() -> new TaskRecord(TASK, TaskState.FAILED, null, null, List.of(), T0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a failed task needs an error");
  }

  @Test
  void hopsListIsImmutable() {
    TaskRecord r = TaskRecord.queued(TASK);
    assertThatThrownBy(() -> r.hops().add(Hop.of("x", T0, "y"))).isInstanceOf(UnsupportedOperationException.class);
  }
}
