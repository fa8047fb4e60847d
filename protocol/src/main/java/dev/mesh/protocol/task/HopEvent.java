package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened to a task at one step of its history; the wire name is what clients see in hops and event streams. */
public enum HopEvent {
  ACCEPTED,
  /** A routing decision: the reason lists every node considered. */
  ROUTED,
  /** The task arrived at another node (by the event bus, or claimed from the shared folder). */
  HOP,
  /** The task waits in the shared folder, or the node waiting there for its result changed. */
  HANDOFF,
  /** No node could run it yet and it asked to wait for one. */
  WAITING,
  STARTED,
  REQUEUED,
  /** The engine running it died (a signal, the OOM killer): it is routed once more; a second crash fails it. */
  CRASHED,
  FINISHED,
  FAILED,
  EXPIRED,
  /** Cancelled on request; the reason says by whom and where. */
  CANCELLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HopEvent fromWire(String wire) {
    for (HopEvent e : values()) {
      if (e.wire().equals(wire)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown hop event '" + wire + "'");
  }
}
