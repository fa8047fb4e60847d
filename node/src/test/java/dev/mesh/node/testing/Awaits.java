package dev.mesh.node.testing;

import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Waiting on Vert.x futures and a store's tasks from a test thread, in the one-JVM component tests. */
public final class Awaits {
  private static final long TIMEOUT_S = 20;

  private Awaits() {}

  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** The task's record once it has ended; fails after 20 s saying where it stood. */
  public static TaskRecord awaitEnded(TaskStore store, String id) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      TaskRecord r = await(store.find(id)).orElseThrow();
      if (r.terminal()) {
        return r;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + id + " did not end: " + await(store.find(id)));
  }
}
