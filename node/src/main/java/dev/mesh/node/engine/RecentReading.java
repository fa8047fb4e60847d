package dev.mesh.node.engine;

import java.util.function.LongSupplier;

/**
 * A reading taken at most once per interval and reused in between. An engine's RSS is read for every advert the node
 * builds — on every task's start and end under load, and for every routing decision — and each reading opens
 * {@code /proc} (on macOS it starts {@code ps}); the value moves far slower than that.
 */
final class RecentReading {
  private final LongSupplier read;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long value;
  private long readAt;
  private boolean taken;

  RecentReading(LongSupplier read, long intervalMillis, LongSupplier nanoClock) {
    this.read = read;
    this.intervalNanos = intervalMillis * 1_000_000;
    this.nanoClock = nanoClock;
  }

  synchronized long get() {
    long now = nanoClock.getAsLong();
    if (!taken || now - readAt >= intervalNanos) {
      value = read.getAsLong();
      readAt = now;
      taken = true;
    }
    return value;
  }
}
