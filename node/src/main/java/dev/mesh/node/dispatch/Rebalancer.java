package dev.mesh.node.dispatch;

import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.routing.RouteDecision;
import dev.mesh.protocol.task.TaskRecord;
import java.util.Locale;
import java.util.Optional;

/**
 * Late binding for what waits here: a task queued behind others on this node moves to another node serving the same
 * model when that node is idle and would finish it clearly sooner. A burst is routed in a moment, before any of its
 * tasks ends, by estimates that a busy machine makes wrong; the node whose queue drains early then sits idle while a
 * slower one still holds work. The holder looks again whenever another node's load changes and hands its last waiting
 * tasks over, one at a time, while the gain holds — each move counts on the receiver at once, as any routed task
 * does, so one look moves a batch sized to the idle node's speed.
 *
 * <p>A move is an ordinary hand-over: the receiver takes the task with a compare-and-set against the version sent,
 * so a task that started or ended meanwhile is refused there, never run twice. Only tasks that asked for the soonest
 * finish move, only to nodes they have not been at, and only with a hop to spare (see {@link Dispatcher#mayMove}).
 */
final class Rebalancer {
  /** Moved only when done there in at most this share of the time here: estimates are rough, a hop costs. */
  static final double MOST_OF_HERE = 0.8;
  /** Moves per model per look: bounds the work of one look; the next advert looks again. */
  static final int MOST_PER_LOOK = 16;

  private final TaskRunner runner;
  private final Dispatcher dispatcher;
  private final ModelCatalog models;
  private final TaskStore store;

  Rebalancer(TaskRunner runner, Dispatcher dispatcher, ModelCatalog models, TaskStore store) {
    this.runner = runner;
    this.dispatcher = dispatcher;
    this.models = models;
    this.store = store;
  }

  /** Looks at every model's queue once. Call on the node's context when another node's load changed. */
  public void look() {
    if (!dispatcher.rebalances()) {
      return;
    }
    for (LocalModel model : models.all()) {
      for (int moved = 0; moved < MOST_PER_LOOK && moveLast(model); moved++) {
        // each move is counted on its receiver before the next look at the queue
      }
    }
  }

  /**
   * Moves the last waiting task that may move (see {@link Dispatcher#mayMove}) if another node would finish it clearly
   * sooner; whether it did.
   */
  private boolean moveLast(LocalModel model) {
    Optional<TaskRecord> last = runner.waitingLastFirst(model.id()).stream().map(store::get)
        .flatMap(Optional::stream).filter(dispatcher::mayMove).findFirst();
    if (last.isEmpty()) {
      return false;
    }
    TaskRecord record = last.get();
    double here = runner.secondsUntilDone(model, record.id());
    RouteDecision elsewhere = dispatcher.elsewhere(record, model.id());
    Double there = elsewhere.routable() ? elsewhere.chosen().estimatedSeconds() : null;
    if (there == null || there > here * MOST_OF_HERE || !runner.takeBack(model.id(), record.id())) {
      return false;
    }
    dispatcher.move(record, elsewhere, String.format(Locale.ROOT,
        "moved on from its queue: %s would finish it in %.2f s, this node in %.2f s", elsewhere.chosen().nodeName(),
        there, here));
    return true;
  }
}
