package dev.mesh.node.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.recovery.RecoveryRules.Action;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Every way a task can be stranded, and what becomes of it. */
class RecoveryRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final TaskRecord ACCEPTED_AT_A =
      TaskRecord.queued(Task.accept(TaskRequest.generate("hi"), "t-1", "a", T0));

  private static Action decide(TaskRecord r, String gone) {
    return RecoveryRules.decide(r, false, gone, true);
  }

  @Test
  void aTaskQueuedOrRunningOnTheGoneNodeIsQueuedAgain() {
    TaskRecord runningOnB = ACCEPTED_AT_A.routed(new Hop("a", T0, HopEvent.ROUTED, "b")).handedTo("b", T0)
        .running("b", T0);
    assertThat(decide(runningOnB, "b")).isEqualTo(Action.REQUEUE);
    assertThat(decide(ACCEPTED_AT_A, "a")).as("accepted, not yet routed").isEqualTo(Action.REQUEUE);
    assertThat(decide(ACCEPTED_AT_A.waitingAt("a", "no node", T0), "a")).isEqualTo(Action.REQUEUE);
  }

  @Test
  void aTaskInTheFolderIsWaitedForNeverSentAgain() {
    TaskRecord sent = ACCEPTED_AT_A.inFolder("a", "c", "bus down", T0);
    assertThat(decide(sent, "a")).isEqualTo(Action.AWAIT_FROM_FOLDER);
  }

  @Test
  void aTaskClaimedByTheGoneNodeIsWaitedForItsLeaseLetsAnotherNodeRunIt() {
    TaskRecord claimed = ACCEPTED_AT_A.inFolder("a", "c", "bus down", T0).claimedBy("c", T0).running("c", T0);
    assertThat(decide(claimed, "c")).isEqualTo(Action.AWAIT_FROM_FOLDER);
  }

  @Test
  void aTaskRunHereForTheFolderThatTheMeshDoesNotKnowIsLeftToTheFolder() {
    TaskRecord scripts = ACCEPTED_AT_A.claimedBy("c", T0).running("c", T0);
    assertThat(RecoveryRules.decide(scripts, true, "c", true)).isEqualTo(Action.LEAVE_TO_FOLDER);
  }

  @Test
  void aTaskThatMovedOnOrEndedIsOnlyTakenAsItIsNow() {
    TaskRecord movedToC = ACCEPTED_AT_A.routed(new Hop("a", T0, HopEvent.ROUTED, "c")).handedTo("c", T0);
    assertThat(decide(movedToC, "a")).as("restarted a, task now on c").isEqualTo(Action.TAKE_NEWEST);
    TaskRecord ended = movedToC.running("c", T0).succeeded(
        TaskResult.generated("x", new Usage(1, 1), null, "c", "m", false), T0);
    assertThat(decide(ended, "c")).isEqualTo(Action.TAKE_NEWEST);
  }

  @Test
  void withoutAFolderHereATaskInTheFolderIsQueuedAgain() {
    TaskRecord sent = ACCEPTED_AT_A.inFolder("a", "c", "bus down", T0);
    assertThat(RecoveryRules.decide(sent, false, "a", false)).isEqualTo(Action.REQUEUE);
  }
}
