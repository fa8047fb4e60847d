package dev.mesh.node.engine;

/** A request the engine could not serve, with a stable code (bad_request, load_failed, context_exceeded, ...). */
public class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public EngineException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
