package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a task is in its life; a task ends exactly once, in one of the terminal states. */
public enum TaskState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, EXPIRED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == EXPIRED;
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
