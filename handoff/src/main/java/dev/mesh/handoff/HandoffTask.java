package dev.mesh.handoff;

import dev.mesh.protocol.task.TaskRecord;

/**
 * A task read from the shared folder. {@code fromNode}: a node published it (its file holds the task's
 * record, hops and all; it was routed to whoever may take it). Otherwise a person or script dropped a bare
 * request, and its record was made on reading: the file name is the id, the origin is {@link #ORIGIN}.
 */
public record HandoffTask(TaskRecord record, boolean fromNode) {
  /** Origin of a task that entered the mesh as a file in the inbox. */
  public static final String ORIGIN = "handoff";

  public String id() {
    return record.id();
  }
}
