package dev.mesh.node.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs blocking work on worker threads in order per key (per task), and work of different keys side
 * by side. One queue for the whole node made every task's durable writes wait for every other task's:
 * a few tasks in flight and the fsyncs and cluster round trips queued up behind each other.
 */
final class KeyedQueue {
  private final Vertx vertx;
  private final Map<String, Future<?>> tails = new ConcurrentHashMap<>();

  KeyedQueue(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code work} once everything queued earlier for {@code key} has finished (well or not). */
  <T> Future<T> submit(String key, Callable<T> work) {
    @SuppressWarnings("unchecked")
    Future<T>[] next = new Future[1];
    tails.compute(key, (k, tail) -> {
      next[0] = tail == null ? vertx.executeBlocking(work, false)
          : tail.transform(previous -> vertx.executeBlocking(work, false));
      return next[0];
    });
    Future<T> mine = next[0];
    mine.onComplete(done -> tails.remove(key, mine));
    return mine;
  }

  /** How many keys have work queued or running (for tests and health). */
  int busyKeys() {
    return tails.size();
  }
}
