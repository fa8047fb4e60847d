package dev.mesh.node.handoff;

import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The shared folder as the rest of the node uses it: where a task goes when the event bus can't deliver it, where
 * a task sent through it is waited for again after a restart or a loss, and what status reports of it. A node
 * without one has {@link #NONE}.
 */
public interface SharedFolder {
  SharedFolder NONE = new SharedFolder() {
    @Override
    public boolean present() {
      return false;
    }

    @Override
    public void start(BooleanSupplier draining, Supplier<NodeAdvert> advert) {
      // nothing to watch
    }

    @Override
    public void stop() {
      // nothing to stop
    }

    @Override
    public Path directory() {
      throw new IllegalStateException("this node has no shared folder");
    }

    @Override
    public int pending() {
      return 0;
    }

    @Override
    public void awaitAgain(TaskRecord record) {
      throw new IllegalStateException("no shared folder here to wait for task " + record.id());
    }

    @Override
    public Future<TaskRecord> send(TaskRecord record, String targetName, String why) {
      return Future.failedFuture(new IllegalStateException("no shared folder to send task " + record.id() + " to "
          + targetName + " through"));
    }

    @Override
    public boolean giveBack(String id) {
      return false;
    }
  };

  boolean present();

  /**
   * Starts taking tasks from the folder (none while {@code draining} says so), collecting results, and keeping this
   * node's advert there. Call on the node's context.
   */
  void start(BooleanSupplier draining, Supplier<NodeAdvert> advert);

  void stop();

  Path directory();

  /** Task files waiting in the folder (-1 when it can't be listed). */
  int pending();

  /** From now on this node collects the task's result file (whom it waits for is read from the folder). */
  void awaitAgain(TaskRecord record);

  /** Sends a task through the folder to {@code targetName}; it completes here when the result file appears. */
  Future<TaskRecord> send(TaskRecord record, String targetName, String why);

  /**
   * Gives the claim of a task this node took from the folder but no longer runs back to the folder, where a node
   * claims it again. False when this node holds no claim of it.
   */
  boolean giveBack(String id);
}
