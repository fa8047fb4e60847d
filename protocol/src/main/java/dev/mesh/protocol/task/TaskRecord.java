package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The full status of a task: what {@code GET /v1/tasks/{id}} returns and what is journaled.
 * Immutable; each transition returns a new record with a hop appended (its history, for people), its
 * {@link Placement} kept (where it is, for decisions) and its {@code version} one higher (for compare-and-set:
 * "change it only as I last saw it"). Once terminal (succeeded, failed, expired, cancelled) it refuses every further
 * transition, which is how a task ends exactly once even when two nodes race to finish it.
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
    int attempts,
    long version,
    Placement placement) {

  public TaskRecord {
    Objects.requireNonNull(task, "task must not be null");
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(updatedAt, "updatedAt must not be null");
    hops = hops == null ? List.of() : List.copyOf(hops);
    if (placement == null) {
      placement = LegacyPlacement.of(task, hops); // a record written before placements existed
    }
    if (version <= 0) {
      version = hops.size();
    }
    if (state == TaskState.SUCCEEDED && result == null) {
      throw new IllegalArgumentException("a succeeded task needs a result");
    }
    if ((state == TaskState.FAILED || state == TaskState.EXPIRED || state == TaskState.CANCELLED) && error == null) {
      throw new IllegalArgumentException("a " + state.wire() + " task needs an error");
    }
  }

  /** A freshly accepted task: queued, one "accepted" hop at its origin. */
  public static TaskRecord queued(Task task) {
    Hop accepted = Hop.of(task.origin(), task.acceptedAt(), HopEvent.ACCEPTED);
    return new TaskRecord(task, TaskState.QUEUED, null, null, List.of(accepted), task.acceptedAt(), 0, 1,
        Placement.at(task.origin()));
  }

  /** Written first in every document so a reader can refuse a version it doesn't know. */
  @JsonProperty("schema")
  public int schema() {
    return Schema.VERSION;
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
    return next(TaskState.RUNNING, result, error, Hop.of(node, at, HopEvent.STARTED), attempts + 1, placement);
  }

  /** Back to the queue at {@code node}, e.g. when the node running it died; the dispatcher routes it again. */
  public TaskRecord requeued(String node, String reason, Instant at) {
    requireNotTerminal(TaskState.QUEUED);
    return next(TaskState.QUEUED, result, error, new Hop(node, at, HopEvent.REQUEUED, reason), attempts,
        Placement.at(node));
  }

  /**
   * Back to the queue at {@code node} after its engine died running it; the dispatcher routes it once more
   * ({@link #crashes()} counts these).
   */
  public TaskRecord crashed(String node, String reason, Instant at) {
    requireNotTerminal(TaskState.QUEUED);
    return next(TaskState.QUEUED, result, error, new Hop(node, at, HopEvent.CRASHED, reason), attempts,
        Placement.at(node));
  }

  /** The engine crashes this task has been through, oldest first. */
  public List<Hop> crashes() {
    return hops.stream().filter(h -> h.is(HopEvent.CRASHED)).toList();
  }

  /**
   * The degradation its latest routing decision made (another model in place of one whose remote is out), if any:
   * the result of the run it placed carries it.
   */
  public java.util.Optional<Degraded> degradation() {
    return latestRoute().map(RouteNote::degraded);
  }

  /** The model its latest routing decision chose; empty when none named one. */
  public java.util.Optional<String> routedModel() {
    return latestRoute().flatMap(RouteNote::chosenModel);
  }

  /** Its newest routing decision: the one that sent it where it is, or where it ran; empty before any. */
  public java.util.Optional<Hop> lastRouted() {
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (hops.get(i).is(HopEvent.ROUTED)) {
        return java.util.Optional.of(hops.get(i));
      }
    }
    return java.util.Optional.empty();
  }

  private java.util.Optional<RouteNote> latestRoute() {
    for (int i = hops.size() - 1; i >= 0; i--) {
      Hop hop = hops.get(i);
      if (hop.is(HopEvent.ROUTED) && hop.route() != null) {
        return java.util.Optional.of(hop.route());
      }
    }
    return java.util.Optional.empty();
  }

  /** Taken over by {@code node}, which the event bus delivered it to from the current holder. */
  public TaskRecord handedTo(String node, Instant at) {
    requireNotTerminal(state);
    return next(state, result, error, new Hop(node, at, HopEvent.HOP, "from " + placement.holder()), attempts,
        Placement.at(node));
  }

  /** Held at {@code node} until some node can run it (it asked to wait); {@code why}: the routing that found none. */
  public TaskRecord waitingAt(String node, String why, Instant at) {
    requireNotTerminal(state);
    return next(state, result, error, new Hop(node, at, HopEvent.WAITING, why), attempts,
        new Placement(node, Placement.Via.WAITING, null));
  }

  /**
   * In the shared folder for {@code target} (null: any node); {@code node} waits for its result there. Also what a
   * survivor records when it takes over waiting from a node that was lost.
   */
  public TaskRecord inFolder(String node, String target, String why, Instant at) {
    requireNotTerminal(state);
    return next(state, result, error, new Hop(node, at, HopEvent.HANDOFF, why), attempts,
        new Placement(node, Placement.Via.FOLDER, target));
  }

  /**
   * Claimed from the shared folder by {@code node}: from now on the folder's lease decides who runs it. Queued
   * there, whatever it was: a claim whose lease expired (its claimer died running it) is a new start.
   */
  public TaskRecord claimedBy(String node, Instant at) {
    requireNotTerminal(TaskState.QUEUED);
    return next(TaskState.QUEUED, result, error, new Hop(node, at, HopEvent.HOP, "claimed from the shared folder"),
        attempts, new Placement(node, Placement.Via.CLAIMED, null));
  }

  /**
   * Finished with {@code r}; a run its routing placed in place of a remote that was out carries that on the result
   * ({@link #degradation()}), whichever node ran it.
   */
  public TaskRecord succeeded(TaskResult r, Instant at) {
    Objects.requireNonNull(r, "result must not be null");
    requireNotTerminal(TaskState.SUCCEEDED);
    TaskResult labelled = r.degraded() != null ? r
        : degradation().map(d -> r.withDegraded(d.usedBy(r.model()))).orElse(r);
    return next(TaskState.SUCCEEDED, labelled, null, Hop.of(r.executedBy(), at, HopEvent.FINISHED), attempts,
        placement);
  }

  public TaskRecord failed(ApiError e, Instant at) {
    Objects.requireNonNull(e, "error must not be null");
    requireNotTerminal(TaskState.FAILED);
    return next(TaskState.FAILED, null, e, new Hop(placement.holder(), at, HopEvent.FAILED, e.message()), attempts,
        placement);
  }

  public TaskRecord expired(Instant at) {
    requireNotTerminal(TaskState.EXPIRED);
    ApiError e = ApiError.of(ErrorCodes.DEADLINE_EXCEEDED,
        "task " + task.id() + " passed its deadline " + task.deadline() + " before finishing");
    return next(TaskState.EXPIRED, null, e, new Hop(placement.holder(), at, HopEvent.EXPIRED, e.message()), attempts,
        placement);
  }

  /**
   * Cancelled on request, wherever it is: {@code node} is where the cancel was asked, {@code why} by whom or what
   * (a DELETE, a streaming client that went away). One more terminal change: it races fairly with the task's result,
   * and whichever is stored first stands.
   */
  public TaskRecord cancelled(String node, String why, Instant at) {
    Objects.requireNonNull(why, "why must not be null");
    requireNotTerminal(TaskState.CANCELLED);
    ApiError e = ApiError.of(ErrorCodes.CANCELLED, "task " + task.id() + " was cancelled: " + why);
    return next(TaskState.CANCELLED, null, e, new Hop(node, at, HopEvent.CANCELLED, why), attempts, placement);
  }

  /** A routing decision: the task stays with its holder until the chosen node takes it, and no longer waits. */
  public TaskRecord routed(Hop decision) {
    requireNotTerminal(state);
    Placement p = placement.is(Placement.Via.WAITING) ? Placement.at(placement.holder()) : placement;
    return next(state, result, error, decision, attempts, p);
  }

  /** Records a hop that moves nothing; allowed at any time. */
  public TaskRecord withHop(Hop h) {
    Objects.requireNonNull(h, "hop must not be null");
    return next(state, result, error, h, attempts, placement);
  }

  /** The same outcome as {@code ended} (which another copy of this task reached), recorded on this record. */
  public TaskRecord endedAs(TaskRecord ended) {
    return switch (ended.state()) {
      case SUCCEEDED -> succeeded(ended.result(), ended.updatedAt());
      case EXPIRED -> expired(ended.updatedAt());
      case FAILED -> failed(ended.error(), ended.updatedAt());
      case CANCELLED -> cancelledAs(ended);
      default -> throw new IllegalArgumentException("task " + ended.id() + " has not ended: " + ended.state().wire());
    };
  }

  /** The cancel another copy of this task recorded, as it was said there (its node, reason and error). */
  private TaskRecord cancelledAs(TaskRecord cancelled) {
    requireNotTerminal(TaskState.CANCELLED);
    Hop said = cancelled.hops().get(cancelled.hops().size() - 1);
    return next(TaskState.CANCELLED, null, cancelled.error(), said, attempts, placement);
  }

  /** Whether this is a later version of the same history as {@code known} (not a diverging one). */
  public boolean newerThan(TaskRecord known) {
    return version > known.version && continues(known);
  }

  /**
   * Whether this record's history begins with all of {@code earlier}'s: the same task as far as {@code earlier}
   * saw it, now as far or further on (each change appends a hop, so a prefix of hops is an earlier version).
   */
  public boolean continues(TaskRecord earlier) {
    int n = earlier.hops().size();
    return id().equals(earlier.id()) && hops.size() >= n && hops.subList(0, n).equals(earlier.hops());
  }

  /** The number of times the task moved to another node over the event bus or the folder. */
  public long moves() {
    return hops.stream().filter(h -> h.is(HopEvent.HOP)).count();
  }

  private TaskRecord next(TaskState s, TaskResult r, ApiError e, Hop hop, int newAttempts, Placement p) {
    List<Hop> more = new ArrayList<>(hops);
    more.add(hop);
    return new TaskRecord(task, s, r, e, more, hop.at(), newAttempts, version + 1, p);
  }

  private void requireNotTerminal(TaskState target) {
    if (state.terminal()) {
      throw new IllegalStateException(
          "task " + task.id() + " cannot go from " + state.wire() + " to " + target.wire());
    }
  }
}
