package dev.mesh.node.cli;

import dev.mesh.protocol.task.Degraded;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.TaskState;

/** The three parts of the demo's cloud run, and what a task sent in each must show. */
enum CloudPhase {
  /** The cloud answers: its model serves the task. */
  UP("up", "served by the cloud"),
  /** The cloud is unreachable: a household model serves the task, labelled degraded. */
  DOWN("down", "degraded to a household model, labelled"),
  /** The cloud is back and the macmini's circuit admits tasks again: its model serves again. */
  BACK("back", "served by the cloud again");

  private final String label;
  private final String expected;

  CloudPhase(String label, String expected) {
    this.label = label;
    this.expected = expected;
  }

  String label() {
    return label;
  }

  String expected() {
    return expected;
  }

  /** Whether the task ended as this phase says: by the cloud's model unlabelled, or by another one labelled. */
  boolean behaved(TaskRecord record) {
    if (record.state() != TaskState.SUCCEEDED) {
      return false;
    }
    TaskResult result = record.result();
    Degraded degraded = result.degraded();
    boolean byCloud = HouseholdCloud.MODEL.equals(result.model());
    if (this != DOWN) {
      return byCloud && degraded == null;
    }
    return !byCloud && degraded != null && HouseholdCloud.MODEL.equals(degraded.wanted())
        && result.model().equals(degraded.used());
  }
}
