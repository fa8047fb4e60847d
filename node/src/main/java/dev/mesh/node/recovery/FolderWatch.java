package dev.mesh.node.recovery;

import dev.mesh.protocol.task.TaskRecord;

/** The shared folder as recovery needs it: a task that went through it is waited for again, never sent twice. */
public interface FolderWatch {
  /** A node without a shared folder: nothing can be waited for there. */
  FolderWatch NONE = new FolderWatch() {
    @Override
    public boolean present() {
      return false;
    }

    @Override
    public void awaitAgain(TaskRecord record) {
      throw new IllegalStateException("no shared folder here to wait for task " + record.id());
    }
  };

  boolean present();

  /** From now on this node collects the task's result file (whom it waits for is read from the folder). */
  void awaitAgain(TaskRecord record);
}
