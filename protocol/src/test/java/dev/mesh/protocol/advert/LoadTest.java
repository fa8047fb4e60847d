package dev.mesh.protocol.advert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.task.Priority;
import org.junit.jupiter.api.Test;

class LoadTest {
  private static final QueuedByPriority QUEUED = QueuedByPriority.NONE.plus(Priority.INTERACTIVE, 1)
      .plus(Priority.NORMAL, 2).plus(Priority.BATCH, 4).plus(Priority.BATCH, 4);
  /** 0.5 s left of the running task, 11 s queued. */
  private static final Load LOAD = new Load(1, 4, 1, 11.5, 0.01, QUEUED);

  @Test
  void eachClassWaitsBehindItsOwnClassAndAboveAndTheRunningTask() {
    assertThat(LOAD.backlogSecondsFor(Priority.INTERACTIVE)).isCloseTo(1.5, within(1e-9));
    assertThat(LOAD.backlogSecondsFor(Priority.NORMAL)).isCloseTo(3.5, within(1e-9));
    assertThat(LOAD.backlogSecondsFor(Priority.BATCH)).isCloseTo(11.5, within(1e-9));
  }

  @Test
  void workSentSinceTheAdvertCountsForEveryClassAndKeepsTheSplit() {
    Load more = LOAD.withUnseen(2, 3.0);
    assertThat(more.queued()).isEqualTo(6);
    assertThat(more.backlogSecondsFor(Priority.INTERACTIVE)).isCloseTo(4.5, within(1e-9));
    assertThat(more.byPriority()).isEqualTo(QUEUED);
  }

  @Test
  void theSplitTravelsInTheAdvertWithLowercaseClassesAndCounts() {
    String json = TaskCodec.encode(LOAD);
    assertThat(json).contains("\"byPriority\":{\"interactive\":{\"tasks\":1,\"seconds\":1.0}")
        .contains("\"batch\":{\"tasks\":2,\"seconds\":8.0}");
    assertThat(TaskCodec.decode(json, Load.class)).isEqualTo(LOAD);
  }

  @Test
  void aLoadFromANodeThatDoesNotSplitCountsWholeForEveryClass() {
    Load old = TaskCodec.decode("{\"running\":1,\"queued\":3,\"slots\":1,\"backlogSeconds\":9.0}", Load.class);
    assertThat(old.byPriority()).isNull();
    assertThat(old.backlogSecondsFor(Priority.INTERACTIVE)).isEqualTo(9.0);
  }
}
