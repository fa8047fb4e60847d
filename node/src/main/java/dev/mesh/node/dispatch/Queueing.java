package dev.mesh.node.dispatch;

import dev.mesh.protocol.task.Priority;
import java.util.Queue;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** How the runners' queues order waiting tasks: the order, and how long at the front of its class lifts a task. */
public record Queueing(QueueOrder order, long agingMs) {
  /** Two steps of 30 s: a batch task waits at most a minute at the front of its class while chats keep coming. */
  public static final long DEFAULT_AGING_MS = 30_000;
  public static final Queueing DEFAULT = new Queueing(QueueOrder.PRIORITY, DEFAULT_AGING_MS);

  public Queueing {
    if (order == null) {
      throw new IllegalArgumentException("order must be one of " + QueueOrder.WIRE_NAMES);
    }
    if (agingMs < 1) {
      throw new IllegalArgumentException("agingMs must be at least 1, was " + agingMs);
    }
  }

  /** An empty queue ordered so; {@code classOf} says each element's class as it is queued. */
  <E> PriorityLanes<E> newQueue(Function<E, Priority> classOf, LongSupplier nowMs) {
    return order == QueueOrder.PRIORITY ? new PriorityLanes<>(classOf, nowMs, agingMs)
        : PriorityLanes.arrivalOrder(nowMs);
  }
}
