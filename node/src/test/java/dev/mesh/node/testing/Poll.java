package dev.mesh.node.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting for a condition with a deadline: tests never sleep a fixed time and hope. */
public final class Poll {
  private Poll() {}

  public static <T> T until(String what, Duration timeout, Callable<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.call();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
        + (last == null ? "" : " (last error: " + last + ")"));
  }
}
