package dev.mesh.node.cli;

import dev.mesh.protocol.task.TaskRecord;

/** One editorial draft of the demo's cloud run: the phase it was sent in and how it ended. */
record CloudTask(CloudPhase phase, TaskRecord record) {
  boolean behaved() {
    return phase.behaved(record);
  }
}
