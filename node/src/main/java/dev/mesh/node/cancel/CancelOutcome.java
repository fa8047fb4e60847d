package dev.mesh.node.cancel;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.TaskRecord;

/** What asking to cancel a task came to. */
public sealed interface CancelOutcome {

  /** It was queued or running and is cancelled now: the record as stored. */
  record Cancelled(TaskRecord record) implements CancelOutcome {}

  /** It had ended before the cancel could be stored (a result wins a fair race): nothing to stop. */
  record AlreadyEnded(TaskRecord record) implements CancelOutcome {
    /** The caller's error: which state it ended in, where and when. */
    public ApiError error() {
      String where = record.hops().isEmpty() ? "" : " on " + record.hops().get(record.hops().size() - 1).node();
      return ApiError.of(ErrorCodes.TASK_ENDED, "task " + record.id() + " had already ended: "
          + record.state().wire() + where + " at " + record.updatedAt() + "; only a queued or running task can be"
          + " cancelled");
    }
  }

  /** No node of the mesh knows the task. */
  record Unknown(String id) implements CancelOutcome {}
}
