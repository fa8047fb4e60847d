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
    assertThat(r.hops()).containsExactly(Hop.of("pi", T0, HopEvent.ACCEPTED));
    assertThat(r.updatedAt()).isEqualTo(T0);
    assertThat(r.attempts()).isZero();
  }

  /** Which policy placed a task travels with it: a baseline's placement is kept as it made it (no rebalancing). */
  @Test
  void aRoutedHopSaysWhenABaselineChoseAndARouterNoteSaysNothing() throws Exception {
    RouteNote router = new RouteNote("fastest", List.of(new RouteNote.Option("mini", 0.5, true, null, "m")));
    RouteNote baseline = router.chosenBy("round-robin");
    var json = dev.mesh.protocol.json.MeshJson.mapper();
    String written = json.writeValueAsString(Hop.routed("pi", T0, "x", 0.5, baseline));
    assertThat(written).contains("\"policy\":\"round-robin\"");
    assertThat(json.readValue(written, Hop.class).route().byRouter()).isFalse();
    String byRouter = json.writeValueAsString(Hop.routed("pi", T0, "x", 0.5, router));
    assertThat(byRouter).doesNotContain("policy");
    assertThat(json.readValue(byRouter, Hop.class).route().byRouter()).isTrue();
    assertThat(baseline.degradedFrom(new Degraded("cloud", "m", "down")).byRouter()).isFalse();
  }

  @Test
  void runningCountsAttemptsAndRecordsStartedHop() {
    TaskRecord r = TaskRecord.queued(TASK).running("mini", T0.plusSeconds(1))
        .requeued("mini", "engine crashed", T0.plusSeconds(2))
        .running("mac", T0.plusSeconds(3));
    assertThat(r.state()).isEqualTo(TaskState.RUNNING);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.hops()).extracting(Hop::event)
        .containsExactly(HopEvent.ACCEPTED, HopEvent.STARTED, HopEvent.REQUEUED, HopEvent.STARTED);
    assertThat(r.placement()).isEqualTo(Placement.at("mini"));
    assertThat(r.version()).isEqualTo(4);
    assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void succeededKeepsResultAndNamesExecutingNodeInHop() {
    TaskRecord r = TaskRecord.queued(TASK).running("mini", T0.plusSeconds(1)).succeeded(RESULT, T0.plusSeconds(2));
    assertThat(r.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(r.terminal()).isTrue();
    assertThat(r.result()).isEqualTo(RESULT);
    assertThat(r.hops().get(r.hops().size() - 1)).isEqualTo(Hop.of("mini", T0.plusSeconds(2), HopEvent.FINISHED));
  }

  @Test
  void failedKeepsErrorAndRecordsReasonOnLastNode() {
    ApiError e = ApiError.of(ErrorCodes.ENGINE_CRASHED, "engine died: SIGILL");
    TaskRecord r = TaskRecord.queued(TASK).handedTo("imac", T0).running("imac", T0.plusSeconds(1))
        .failed(e, T0.plusSeconds(2));
    assertThat(r.state()).isEqualTo(TaskState.FAILED);
    assertThat(r.error()).isEqualTo(e);
    assertThat(r.hops().get(3)).isEqualTo(new Hop("imac", T0.plusSeconds(2), HopEvent.FAILED, "engine died: SIGILL"));
  }

  @Test
  void aLaterVersionContinuesAnEarlierOneButNotADivergedOne() {
    TaskRecord sent = TaskRecord.queued(TASK).inFolder("pi", "mini", "to mini", T0.plusSeconds(1));
    TaskRecord doneThere = sent.claimedBy("mini", T0.plusSeconds(2)).running("mini", T0.plusSeconds(2))
        .succeeded(RESULT, T0.plusSeconds(3));
    TaskRecord changedHere = sent.routed(new Hop("pi", T0.plusSeconds(2), HopEvent.ROUTED, "again"));
    TaskRecord otherTask = TaskRecord.queued(Task.accept(TaskRequest.generate("hi"), "t-2", "pi", T0));

    assertThat(doneThere.continues(sent)).isTrue();
    assertThat(sent.continues(sent)).isTrue();
    assertThat(sent.continues(doneThere)).isFalse();
    assertThat(doneThere.continues(changedHere)).isFalse();
    assertThat(otherTask.continues(TaskRecord.queued(TASK))).isFalse();
    assertThat(doneThere.newerThan(sent)).isTrue();
    assertThat(changedHere.newerThan(sent)).isTrue();
    assertThat(doneThere.newerThan(changedHere)).as("a diverged history is not newer, whatever its version").isFalse();
    assertThat(sent.newerThan(sent)).isFalse();
  }

  @Test
  void placementFollowsEveryMoveAndEveryChangeRaisesTheVersion() {
    TaskRecord accepted = TaskRecord.queued(TASK);
    assertThat(accepted.placement()).isEqualTo(Placement.at("pi"));
    TaskRecord routed = accepted.routed(new Hop("pi", T0, HopEvent.ROUTED, "to mini"));
    assertThat(routed.placement()).as("the sender holds it until the receiver takes it").isEqualTo(Placement.at("pi"));
    TaskRecord atMini = routed.handedTo("mini", T0);
    assertThat(atMini.placement()).isEqualTo(Placement.at("mini"));
    assertThat(atMini.hops().get(2).reason()).isEqualTo("from pi");
    TaskRecord inFolder = atMini.inFolder("mini", "imac", "bus down", T0);
    assertThat(inFolder.placement()).isEqualTo(new Placement("mini", Placement.Via.FOLDER, "imac"));
    TaskRecord claimed = inFolder.claimedBy("imac", T0);
    assertThat(claimed.placement()).isEqualTo(new Placement("imac", Placement.Via.CLAIMED, null));
    assertThat(claimed.running("imac", T0).placement()).isEqualTo(claimed.placement());
    TaskRecord waiting = accepted.waitingAt("pi", "no node", T0);
    assertThat(waiting.placement().via()).isEqualTo(Placement.Via.WAITING);
    assertThat(waiting.routed(new Hop("pi", T0, HopEvent.ROUTED, "mini now")).placement())
        .isEqualTo(Placement.at("pi"));
    assertThat(List.of(accepted, routed, atMini, inFolder, claimed)).extracting(TaskRecord::version)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aRecordWrittenBeforePlacementsReadsItsPlacementFromItsHops() {
    List<Hop> hops = List.of(Hop.of("pi", T0, HopEvent.ACCEPTED), new Hop("pi", T0, HopEvent.HANDOFF, "to mini"));
    TaskRecord legacy = new TaskRecord(TASK, TaskState.QUEUED, null, null, hops, T0, 0, 0, null);
    assertThat(legacy.placement()).isEqualTo(new Placement("pi", Placement.Via.FOLDER, null));
    assertThat(legacy.version()).isEqualTo(2);
    List<Hop> claimed = List.of(Hop.of("pi", T0, HopEvent.ACCEPTED),
        new Hop("mini", T0, HopEvent.HOP, "claimed from the shared folder"), Hop.of("mini", T0, HopEvent.STARTED));
    assertThat(new TaskRecord(TASK, TaskState.RUNNING, null, null, claimed, T0, 1, 0, null).placement())
        .isEqualTo(new Placement("mini", Placement.Via.CLAIMED, null));
  }

  @Test
  void endedAsCopiesTheOutcomeOfAnotherCopy() {
    TaskRecord mine = TaskRecord.queued(TASK).inFolder("pi", null, "bus down", T0);
    TaskRecord theirs = mine.claimedBy("mini", T0).running("mini", T0).succeeded(RESULT, T0.plusSeconds(1));
    TaskRecord taken = mine.routed(new Hop("pi", T0, HopEvent.ROUTED, "x")).endedAs(theirs);
    assertThat(taken.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(taken.result()).isEqualTo(RESULT);
    assertThatThrownBy(() -> mine.endedAs(mine)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiredCarriesDeadlineExceededError() {
    TaskRecord r = TaskRecord.queued(TASK).expired(T0.plusSeconds(601));
    assertThat(r.state()).isEqualTo(TaskState.EXPIRED);
    assertThat(r.error().code()).isEqualTo(ErrorCodes.DEADLINE_EXCEEDED);
    assertThat(r.hops().get(1).event()).isEqualTo(HopEvent.EXPIRED);
  }

  @Test
  void cancelledCarriesItsReasonAsErrorAndHopAndKeepsPlacement() {
    TaskRecord running = TaskRecord.queued(TASK).handedTo("mini", T0).running("mini", T0.plusSeconds(1));
    TaskRecord r = running.cancelled("pi", "DELETE /v1/tasks/t-1 at pi", T0.plusSeconds(2));
    assertThat(r.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(r.terminal()).isTrue();
    assertThat(r.result()).isNull();
    assertThat(r.error()).isEqualTo(ApiError.of(ErrorCodes.CANCELLED,
        "task t-1 was cancelled: DELETE /v1/tasks/t-1 at pi"));
    assertThat(r.hops().get(r.hops().size() - 1))
        .isEqualTo(new Hop("pi", T0.plusSeconds(2), HopEvent.CANCELLED, "DELETE /v1/tasks/t-1 at pi"));
    assertThat(r.placement()).isEqualTo(Placement.at("mini"));
    assertThat(r.version()).isEqualTo(running.version() + 1);
  }

  @Test
  void aCancelledTaskTakesNoResultAndAFinishedOneNoCancel() {
    TaskRecord running = TaskRecord.queued(TASK).running("mini", T0);
    TaskRecord cancelled = running.cancelled("pi", "client went away", T0.plusSeconds(1));
    assertThatThrownBy(() -> cancelled.succeeded(RESULT, T0.plusSeconds(2)))
        .hasMessage("task t-1 cannot go from cancelled to succeeded");
    TaskRecord done = running.succeeded(RESULT, T0.plusSeconds(1));
    assertThatThrownBy(() -> done.cancelled("pi", "late", T0.plusSeconds(2)))
        .hasMessage("task t-1 cannot go from succeeded to cancelled");
  }

  @Test
  void endedAsCopiesACancelAsItWasSaid() {
    TaskRecord mine = TaskRecord.queued(TASK).inFolder("pi", null, "bus down", T0);
    TaskRecord theirs = mine.claimedBy("mini", T0).cancelled("mac", "DELETE at mac", T0.plusSeconds(1));
    TaskRecord taken = mine.endedAs(theirs);
    assertThat(taken.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(taken.error()).isEqualTo(theirs.error());
    assertThat(taken.hops().get(taken.hops().size() - 1)).isEqualTo(theirs.hops().get(theirs.hops().size() - 1));
  }

  @Test
  void withHopAppendsWithoutChangingState() {
    Hop routed = new Hop("pi", T0.plusSeconds(1), HopEvent.ROUTED, "mini: est 1.2 s; imac: excluded, cpu lacks avx2");
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
        TaskRecord.queued(TASK).expired(T0),
        TaskRecord.queued(TASK).cancelled("pi", "asked", T0));
    for (TaskRecord r : terminal) {
      String from = r.state().wire();
      assertThatThrownBy(() -> r.running("n", T0)).hasMessageContaining("from " + from + " to running");
      assertThatThrownBy(() -> r.failed(e, T0)).hasMessageContaining("from " + from + " to failed");
      assertThatThrownBy(() -> r.expired(T0)).hasMessageContaining("from " + from + " to expired");
      assertThatThrownBy(() -> r.requeued("n", "x", T0)).hasMessageContaining("from " + from + " to queued");
      assertThatThrownBy(() -> r.succeeded(RESULT, T0)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> r.cancelled("n", "x", T0)).hasMessageContaining("from " + from + " to cancelled");
    }
  }

  @Test
  void refusesSucceededStateWithoutResultAndFailedWithoutError() {
    assertThatThrownBy(() -> new TaskRecord(TASK, TaskState.SUCCEEDED, null, null, List.of(), T0, 1, 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a succeeded task needs a result");
    assertThatThrownBy(() -> new TaskRecord(TASK, TaskState.FAILED, null, null, List.of(), T0, 1, 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a failed task needs an error");
    assertThatThrownBy(() -> new TaskRecord(TASK, TaskState.CANCELLED, null, null, List.of(), T0, 1, 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a cancelled task needs an error");
  }

  @Test
  void hopsListIsImmutable() {
    TaskRecord r = TaskRecord.queued(TASK);
    assertThatThrownBy(() -> r.hops().add(Hop.of("x", T0, HopEvent.HOP))).isInstanceOf(UnsupportedOperationException.class);
  }
}
