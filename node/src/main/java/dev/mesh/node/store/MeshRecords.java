package dev.mesh.node.store;

import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The copy of each task that a change must pass first, which every node asks: the cluster map when clustered
 * ({@code ClusterTasks}), or for a node alone — and for tasks run here for the shared folder that the mesh does
 * not know — a journal of this node ({@link JournalRecords}). Blocking: call from a worker.
 */
public interface MeshRecords {
  /** The record, empty when there is none. */
  Optional<TaskRecord> get(String id) throws IOException;

  /** The records of those of these tasks that exist. */
  List<TaskRecord> getAll(Set<String> ids);

  /**
   * Applies {@code change} to the current record unless it has ended (compare-and-set); empty when the task is
   * unknown, ended, or {@code change} declines (returns null).
   */
  Optional<TaskRecord> update(String id, UnaryOperator<TaskRecord> change);

  /** Stores a record as it is (a newly accepted task, or one taken over). */
  void put(TaskRecord record);

  /** Puts a record back where the records lost it (put-if-absent); true if it was missing. */
  boolean restore(TaskRecord record);

  void remove(String id);

  /** Removes these tasks if they have ended (the retention forgot them). */
  void deleteEnded(List<String> ids);

  /**
   * Whether this node's task journal must follow each change: it does when these records live elsewhere (the
   * cluster map), not when they are that journal.
   */
  boolean journalFollows();

  /** Where these records may find this node's own copy of a task (to put back an entry a stranger spoiled). */
  default void recallFrom(java.util.function.Function<String, TaskRecord> copies) {
    // only the cluster map can be spoiled by another member
  }
}
