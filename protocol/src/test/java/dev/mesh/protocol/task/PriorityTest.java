package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriorityTest {
  @Test
  void parsesWireNamesIgnoringCaseAndListsTheClassesOnFailure() {
    assertThat(Priority.parse("Interactive")).isEqualTo(Priority.INTERACTIVE);
    assertThatThrownBy(() -> Priority.parse("urgent"))
        .hasMessage("unknown priority 'urgent'; expected one of interactive, normal, batch");
  }

  @Test
  void raisingStepsUpOneClassAtATimeAndStopsAtInteractive() {
    assertThat(Priority.BATCH.raisedBy(0)).isEqualTo(Priority.BATCH);
    assertThat(Priority.BATCH.raisedBy(1)).isEqualTo(Priority.NORMAL);
    assertThat(Priority.BATCH.raisedBy(2)).isEqualTo(Priority.INTERACTIVE);
    assertThat(Priority.BATCH.raisedBy(Long.MAX_VALUE)).isEqualTo(Priority.INTERACTIVE);
    assertThat(Priority.INTERACTIVE.raisedBy(5)).isEqualTo(Priority.INTERACTIVE);
  }

  @Test
  void interactiveIsAboveNormalIsAboveBatch() {
    assertThat(Priority.INTERACTIVE.above(Priority.NORMAL)).isTrue();
    assertThat(Priority.NORMAL.above(Priority.BATCH)).isTrue();
    assertThat(Priority.NORMAL.above(Priority.NORMAL)).isFalse();
    assertThat(Priority.BATCH.above(Priority.INTERACTIVE)).isFalse();
  }
}
