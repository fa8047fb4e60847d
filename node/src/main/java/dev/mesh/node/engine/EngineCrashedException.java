package dev.mesh.node.engine;

/** The engine process died while this call was pending; {@link #exit()} says how (exit code, signal). */
public final class EngineCrashedException extends EngineException {
  private static final long serialVersionUID = 1L;
  private final transient EngineExit exit;

  public EngineCrashedException(EngineExit exit) {
    super("engine_crashed", exit.describe());
    this.exit = exit;
  }

  public EngineExit exit() {
    return exit;
  }
}
