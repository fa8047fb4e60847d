package dev.mesh.node.compat;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.TaskRecord;

/** A task a compatible API waited for that did not succeed: the error to answer with. */
public final class WaitedTask {
  private WaitedTask() {}

  /** Its own error when it ended; when the longest wait ran out first, a timeout naming it (it goes on). */
  public static ApiError error(TaskRecord done) {
    return done.terminal() ? done.error() : ApiError.of(ErrorCodes.DEADLINE_EXCEEDED, "task " + done.id()
        + " did not finish within the longest wait this node allows (limits.maxWaitSeconds); it goes on: GET"
        + " /v1/tasks/" + done.id());
  }
}
