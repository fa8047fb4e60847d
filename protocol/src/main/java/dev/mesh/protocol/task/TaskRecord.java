package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.json.MeshJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The full status of a task: what {@code GET /v1/tasks/{id}} returns and what is journaled.
 * Immutable; each transition returns a new record with a hop appended. Once terminal
 * (succeeded, failed, expired) it refuses every further transition, which is how a task ends
 * exactly once even when two nodes race to finish it.
 */
@JsonPropertyOrder({"schema", "id"})
@JsonIgnoreProperties(value = {"schema", "id"}, allowGetters = true)
public record TaskRecord(
    Task task,
    TaskState state,
    TaskResult result,
    ApiError error,
    List<Hop> hops,
    Instant updatedAt,
    int attempts) {

  public TaskRecord {
    Objects.requireNonNull(task, "task must not be null");
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    hops = hops == null ? List.of() : List.copyOf(hops);
    if (state == TaskState.SUCCEEDED && result == null) {
      throw new IllegalArgumentException("a succeeded task needs a result");
    }
    if ((state == TaskState.FAILED || state == TaskState.EXPIRED) && error == null) {
      throw new IllegalArgumentException("a " + state.wire() + " task needs an error");
    }
  }

  /** A freshly accepted task: queued, one "accepted" hop at its origin. */
  public static TaskRecord queued(Task task) {
    Hop accepted = Hop.of(task.origin(), task.acceptedAt(), Hop.ACCEPTED);
    return new TaskRecord(task, TaskState.QUEUED, null, null, List.of(accepted), task.acceptedAt(), 0);
  }

  /** Written first in every document so a reader can refuse a version it doesn't know. */
  @JsonProperty("schema")
  public int schema() {
    return MeshJson.SCHEMA_VERSION;
  }

  /** The task id, repeated at the top level of the JSON for clients (ignored when read). */
  @JsonProperty("id")
  public String id() {
    return task.id();
  }

  public boolean terminal() {
    return state.terminal();
  }

  /** Started (or restarted after a re-route) on {@code node}; counts an attempt. */
  public TaskRecord running(String node, Instant at) {
    requireNotTerminal(TaskState.RUNNING);
    return next(TaskState.RUNNING, result, error, Hop.of(node, at, Hop.STARTED), attempts + 1);
  }

  /** Back to the queue, e.g. when the node running it died; the dispatcher routes it again. */
  public TaskRecord requeued(String node, String reason, Instant at) {
    requireNotTerminal(TaskState.QUEUED);
    return next(TaskState.QUEUED, result, error, new Hop(node, at, Hop.REQUEUED, reason), attempts);
  }

  public TaskRecord succeeded(TaskResult r, Instant at) {
    Objects.requireNonNull(r, "result must not be null");
    requireNotTerminal(TaskState.SUCCEEDED);
    return next(TaskState.SUCCEEDED, r, null, Hop.of(r.executedBy(), at, Hop.FINISHED), attempts);
  }

  public TaskRecord failed(ApiError e, Instant at) {
    Objects.requireNonNull(e, "error must not be null");
    requireNotTerminal(TaskState.FAILED);
    return next(TaskState.FAILED, null, e, new Hop(lastNode(), at, Hop.FAILED, e.message()), attempts);
  }

  public TaskRecord expired(Instant at) {
    requireNotTerminal(TaskState.EXPIRED);
    ApiError e = ApiError.of(ErrorCodes.DEADLINE_EXCEEDED,
        "task " + task.id() + " passed its deadline " + task.deadline() + " before finishing");
    return next(TaskState.EXPIRED, null, e, new Hop(lastNode(), at, Hop.EXPIRED, e.message()), attempts);
  }

  /** Records a hop (routing decision, handoff, ...) without changing state; allowed at any time. */
  public TaskRecord withHop(Hop h) {
    Objects.requireNonNull(h, "hop must not be null");
    return next(state, result, error, h, attempts);
  }

  /** The node of the latest hop: where the task is (or was last seen). */
  public String lastNode() {
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (hops.get(i).node() != null) {
        return hops.get(i).node();
      }
    }
    return task.origin();
  }

  /**
   * Whether this record's history begins with all of {@code earlier}'s: the same task as far as {@code earlier}
   * saw it, now as far or further on (each change appends a hop, so a prefix of hops is an earlier version).
   */
  public boolean continues(TaskRecord earlier) {
    int n = earlier.hops().size();
    return id().equals(earlier.id()) && hops.size() >= n && hops.subList(0, n).equals(earlier.hops());
  }

  private TaskRecord next(TaskState s, TaskResult r, ApiError e, Hop hop, int newAttempts) {
    List<Hop> more = new ArrayList<>(hops);
    more.add(hop);
    return new TaskRecord(task, s, r, e, more, hop.at(), newAttempts);
  }

  private void requireNotTerminal(TaskState target) {
    if (state.terminal()) {
      throw new IllegalStateException(
          "task " + task.id() + " cannot go from " + state.wire() + " to " + target.wire());
    }
  }
}
