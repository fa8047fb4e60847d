package dev.mesh.node.engine;

/** No engine can take the call right now: it is starting, restarting, closed or unusable (the message says which). */
public final class EngineUnavailableException extends EngineException {
  private static final long serialVersionUID = 1L;

  public EngineUnavailableException(String message) {
    super("engine_unavailable", message);
  }
}
