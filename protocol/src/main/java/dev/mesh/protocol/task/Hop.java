package dev.mesh.protocol.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One step in a task's history: which node did what, when, and why (routing reasons, errors). A
 * {@code routed} hop also carries the chosen node's estimated completion time, to hold beside the
 * actual one.
 */
public record Hop(String node, Instant at, String event, String reason, Double estimatedSeconds) {
  public static final String ACCEPTED = "accepted";
  public static final String ROUTED = "routed";
  /** The task arrived at another node (the reason names where from). */
  public static final String HOP = "hop";
  /**
   * The task waits in the shared folder: the event bus could not deliver it (the reason says to whom and why),
   * or the node waiting for its result there changed (the one that sent it was lost).
   */
  public static final String HANDOFF = "handoff";
  public static final String STARTED = "started";
  public static final String REQUEUED = "requeued";
  public static final String FINISHED = "finished";
  public static final String FAILED = "failed";
  public static final String EXPIRED = "expired";

  public Hop {
    Objects.requireNonNull(at, "at must not be null");
    Objects.requireNonNull(event, "event must not be null");
  }

  public Hop(String node, Instant at, String event, String reason) {
    this(node, at, event, reason, null);
  }

  public static Hop of(String node, Instant at, String event) {
    return new Hop(node, at, event, null);
  }
}
