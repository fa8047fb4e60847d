package dev.mesh.protocol.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One step in a task's history: which node did what, when, and why (routing reasons, errors) — for people and
 * event streams; decisions read the record's {@link Placement}, never a hop's text. A {@code routed} hop also
 * carries the chosen node's estimated completion time, to hold beside the actual one, and the decision in
 * structured form ({@link RouteNote}).
 */
public record Hop(String node, Instant at, HopEvent event, String reason, Double estimatedSeconds, RouteNote route) {

  public Hop {
    Objects.requireNonNull(at, "at must not be null");
    Objects.requireNonNull(event, "event must not be null");
  }

  public Hop(String node, Instant at, HopEvent event, String reason) {
    this(node, at, event, reason, null, null);
  }

  /** A routing decision made at {@code node}: the sentence, the chosen estimate and the structured decision. */
  public static Hop routed(String node, Instant at, String reason, Double estimatedSeconds, RouteNote route) {
    return new Hop(node, at, HopEvent.ROUTED, reason, estimatedSeconds, route);
  }

  public static Hop of(String node, Instant at, HopEvent event) {
    return new Hop(node, at, event, null);
  }

  public boolean is(HopEvent e) {
    return event == e;
  }
}
