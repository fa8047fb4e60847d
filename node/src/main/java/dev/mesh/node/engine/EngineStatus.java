package dev.mesh.node.engine;

import java.util.Locale;

/** A supervised engine's state for the node's advert, e.g. "restarting: engine process 7 died: ...". */
public record EngineStatus(State state, String reason, int restarts, long pid) {

  /** UNLOADED: no engine runs for the model now; it loads when a task needs it. */
  public enum State { UNLOADED, STARTING, READY, RESTARTING, UNUSABLE, CLOSED }

  public boolean ready() {
    return state == State.READY;
  }

  @Override
  public String toString() {
    String name = state.name().toLowerCase(Locale.ROOT);
    return reason == null || reason.isEmpty() ? name : name + ": " + reason;
  }
}
