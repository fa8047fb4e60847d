package dev.mesh.bench.throughput;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps a fixed number of operations in flight (each lane starts its next when its last ends) and counts the
 * ones that end inside the measured window, after a warm-up; returns once every lane has stopped.
 */
public final class ClosedLoop {
  private static final Duration DRAIN = Duration.ofSeconds(60);

  /** @param firstFailure what the first failed operation said, or null */
  public record Result(long ok, long failed, double seconds, String firstFailure) {
    public double perSecond() {
      return ok / seconds;
    }
  }

  private final Supplier<CompletableFuture<Boolean>> operation;
  private final long windowStart;
  private final long windowEnd;
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final CountDownLatch lanes;

  private ClosedLoop(Supplier<CompletableFuture<Boolean>> operation, int inFlight, Duration warm, Duration window) {
    this.operation = operation;
    this.windowStart = System.nanoTime() + warm.toNanos();
    this.windowEnd = windowStart + window.toNanos();
    this.lanes = new CountDownLatch(inFlight);
  }

  /** @param operation starts one operation; its future says whether it did what was asked */
  public static Result run(Supplier<CompletableFuture<Boolean>> operation, int inFlight, Duration warm, Duration window)
      throws InterruptedException {
    ClosedLoop loop = new ClosedLoop(operation, inFlight, warm, window);
    for (int i = 0; i < inFlight; i++) {
      loop.next();
    }
    if (!loop.lanes.await(warm.plus(window).plus(DRAIN).toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("operations still in flight " + DRAIN.toSeconds() + " s after the window");
    }
    return new Result(loop.ok.get(), loop.failed.get(), window.toNanos() / 1e9, loop.firstFailure.get());
  }

  private void next() {
    if (System.nanoTime() >= windowEnd) {
      lanes.countDown();
      return;
    }
    CompletableFuture<Boolean> op;
    try {
      op = operation.get();
    } catch (RuntimeException e) {
      op = CompletableFuture.failedFuture(e);
    }
    op.whenComplete((done, error) -> {
      long now = System.nanoTime();
      boolean success = error == null && Boolean.TRUE.equals(done);
      if (now >= windowStart && now < windowEnd) {
        (success ? ok : failed).incrementAndGet();
      }
      if (success) {
        next();
      } else {
        firstFailure.compareAndSet(null, error != null ? error.toString() : "wrong answer");
        CompletableFuture.runAsync(this::next); // a failure that completes at once must not recurse unboundedly
      }
    });
  }
}
