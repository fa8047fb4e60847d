package dev.mesh.protocol.advert;

import dev.mesh.protocol.task.Priority;
import java.util.Objects;

/**
 * The tasks waiting on a node's engines, by priority class: how many, and the seconds of work they hold by the node's
 * measured speeds. Lets routing estimate a task's wait from the work it would actually start after — its own class
 * and above — rather than the whole backlog (aging aside: it lets one lower task through now and then).
 */
public record QueuedByPriority(Queued interactive, Queued normal, Queued batch) {
  public static final QueuedByPriority NONE = new QueuedByPriority(Queued.NONE, Queued.NONE, Queued.NONE);

  /** Tasks of one class waiting, and their estimated seconds. */
  public record Queued(int tasks, double seconds) {
    public static final Queued NONE = new Queued(0, 0);

    public Queued plus(double taskSeconds) {
      return new Queued(tasks + 1, seconds + taskSeconds);
    }
  }

  public QueuedByPriority {
    interactive = Objects.requireNonNullElse(interactive, Queued.NONE);
    normal = Objects.requireNonNullElse(normal, Queued.NONE);
    batch = Objects.requireNonNullElse(batch, Queued.NONE);
  }

  public Queued of(Priority priority) {
    return switch (priority) {
      case INTERACTIVE -> interactive;
      case NORMAL -> normal;
      case BATCH -> batch;
    };
  }

  /** The same with one more task of this class, of this many seconds. */
  public QueuedByPriority plus(Priority priority, double taskSeconds) {
    return new QueuedByPriority(
        priority == Priority.INTERACTIVE ? interactive.plus(taskSeconds) : interactive,
        priority == Priority.NORMAL ? normal.plus(taskSeconds) : normal,
        priority == Priority.BATCH ? batch.plus(taskSeconds) : batch);
  }

  /** Seconds queued in the classes below this one: work a task of this class is served before. */
  public double secondsBelow(Priority priority) {
    double below = 0;
    for (Priority p : Priority.values()) {
      if (priority.above(p)) {
        below += Math.max(0, of(p).seconds());
      }
    }
    return below;
  }
}
