package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a task is in its life; a task ends exactly once, in one of the terminal states. */
public enum TaskState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, EXPIRED,
  /** Stopped on request ({@code DELETE /v1/tasks/{id}}, or its streaming client went away) before it ended. */
  CANCELLED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == EXPIRED || this == CANCELLED;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
