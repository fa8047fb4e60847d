package dev.mesh.node.dispatch;

import dev.mesh.protocol.task.Priority;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A queue that serves the higher priority class first and each class in arrival order, with aging: the task at the
 * front of a class rises one class for every {@code agingMs} it has waited there, so a batch task is served like an
 * interactive one after two steps at the front — batch never starves, and interactive work pays at most one lower
 * task's time per step. Aging counts from when a task reached the front of its class, not from its arrival: a job
 * of a thousand items queued at once ages one item at a time — counted from arrival, all of them would be ahead of
 * every chat after two steps. Not thread-safe: it lives on the node's context, like the runners that hold it.
 */
final class PriorityLanes<E> extends AbstractQueue<E> {
  private final Function<E, Priority> classOf;
  private final LongSupplier nowMs;
  private final long agingMs;
  private final Map<Priority, Lane<E>> lanes = new EnumMap<>(Priority.class);

  /** One class's tasks in arrival order, and since when its front task has been at the front. */
  private static final class Lane<E> {
    final ArrayDeque<E> items = new ArrayDeque<>();
    long frontSinceMs;
  }

  /**
   * @param classOf each element's class, read once as it is queued
   * @param agingMs how long at the front of its class lifts a task one class; at least 1
   */
  PriorityLanes(Function<E, Priority> classOf, LongSupplier nowMs, long agingMs) {
    if (agingMs < 1) {
      throw new IllegalArgumentException("agingMs must be at least 1, was " + agingMs);
    }
    this.classOf = classOf;
    this.nowMs = nowMs;
    this.agingMs = agingMs;
    for (Priority p : Priority.values()) {
      lanes.put(p, new Lane<>());
    }
  }

  /** Every element in arrival order, one class: what a node that does not order by priority does. */
  static <E> PriorityLanes<E> arrivalOrder(LongSupplier nowMs) {
    return new PriorityLanes<>(e -> Priority.NORMAL, nowMs, Long.MAX_VALUE);
  }

  @Override
  public boolean offer(E e) {
    Lane<E> lane = lanes.get(classOf.apply(e));
    if (lane.items.isEmpty()) {
      lane.frontSinceMs = nowMs.getAsLong();
    }
    return lane.items.add(e);
  }

  @Override
  public E poll() {
    Lane<E> next = next();
    if (next == null) {
      return null;
    }
    E e = next.items.poll();
    next.frontSinceMs = nowMs.getAsLong(); // its next task reaches the front now
    return e;
  }

  /**
   * Every element, the one that would be served last first: the lowest class first, each class newest first (aging
   * lifts only a class's front, so this is the serving order reversed but for fronts that have aged).
   */
  java.util.List<E> lastFirst() {
    java.util.List<E> out = new java.util.ArrayList<>(size());
    Priority[] classes = Priority.values();
    for (int i = classes.length - 1; i >= 0; i--) {
      lanes.get(classes[i]).items.descendingIterator().forEachRemaining(out::add);
    }
    return out;
  }

  @Override
  public E peek() {
    Lane<E> next = next();
    return next == null ? null : next.items.peek();
  }

  /** The class a lane's front task is served as now: its own, raised one step per aging period at the front. */
  Priority effective(Priority base) {
    Lane<E> lane = lanes.get(base);
    return lane.items.isEmpty() ? base : base.raisedBy((nowMs.getAsLong() - lane.frontSinceMs) / agingMs);
  }

  /** The lane served next: highest effective class; a tie goes to the front that waited longer, then the higher class. */
  private Lane<E> next() {
    Lane<E> best = null;
    Priority bestClass = null;
    for (Map.Entry<Priority, Lane<E>> entry : lanes.entrySet()) {
      Lane<E> lane = entry.getValue();
      if (lane.items.isEmpty()) {
        continue;
      }
      Priority effective = effective(entry.getKey());
      if (best == null || effective.above(bestClass)
          || (effective == bestClass && lane.frontSinceMs < best.frontSinceMs)) {
        best = lane;
        bestClass = effective;
      }
    }
    return best;
  }

  @Override
  public int size() {
    return lanes.values().stream().mapToInt(l -> l.items.size()).sum();
  }

  /** Interactive first, then normal, then batch, each in arrival order (aging aside, the order they are served). */
  @Override
  public Iterator<E> iterator() {
    return new Iterator<>() {
      private final Iterator<Lane<E>> laneIt = lanes.values().iterator();
      private Iterator<E> current = java.util.Collections.emptyIterator();
      private Iterator<E> last;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && laneIt.hasNext()) {
          current = laneIt.next().items.iterator();
        }
        return current.hasNext();
      }

      @Override
      public E next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        last = current;
        return current.next();
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException();
        }
        last.remove(); // a front removed this way leaves its lane's aging clock as it was: the class waited that long
        last = null;
      }
    };
  }
}
