package dev.mesh.node.inference;

/**
 * Stops one task's inference under way — an engine generation or a remote call — when its task ended elsewhere
 * (cancelled). The call arms it once it has something to stop; a stop asked before that acts as soon as it is armed.
 * Thread-safe: asked on the runner's context, armed wherever the call starts.
 */
public final class StopSignal {
  private Runnable action;
  private boolean stopped;

  /** A signal nobody stops (calls made for no task, such as probes). */
  public static StopSignal none() {
    return new StopSignal();
  }

  /** What stops the call now under way; runs at once when a stop was asked already. */
  public void arm(Runnable stop) {
    boolean now;
    synchronized (this) {
      action = stop;
      now = stopped;
    }
    if (now) {
      stop.run();
    }
  }

  /** Asks the call to stop (idempotent). */
  public void stop() {
    Runnable armed;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      armed = action;
    }
    if (armed != null) {
      armed.run();
    }
  }

  public synchronized boolean stopped() {
    return stopped;
  }
}
