package dev.mesh.node.store;

import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Records whose durable copy is one of this node's journals: every task of a node alone, and the tasks run here for
 * the shared folder that the mesh does not know. Unfinished ones are read from the node's memory (they are always
 * there), ended ones from the journal's {@code done/}; a change is saved before it is visible.
 */
final class JournalRecords implements MeshRecords {
  private final TaskJournal journal;
  /** The node's memory of its tasks (the store's), which holds every unfinished one. */
  private final Map<String, TaskRecord> memory;

  JournalRecords(TaskJournal journal, Map<String, TaskRecord> memory) {
    this.journal = journal;
    this.memory = memory;
  }

  @Override
  public Optional<TaskRecord> get(String id) throws IOException {
    TaskRecord known = memory.get(id);
    return known != null ? Optional.of(known) : journal.readDone(id);
  }

  @Override
  public List<TaskRecord> getAll(Set<String> ids) {
    return ids.stream().map(memory::get).filter(Objects::nonNull).toList();
  }

  @Override
  public Optional<TaskRecord> update(String id, UnaryOperator<TaskRecord> change) {
    TaskRecord current = memory.get(id);
    TaskRecord changed = current == null || current.terminal() ? null : change.apply(current);
    if (changed == null) {
      return Optional.empty();
    }
    journal.save(changed);
    memory.put(id, changed); // before the next change of this task reads it
    return Optional.of(changed);
  }

  @Override
  public void put(TaskRecord record) {
    journal.save(record);
  }

  /** The journal is this node's own copy: nothing else to lose it. */
  @Override
  public boolean restore(TaskRecord record) {
    return false;
  }

  @Override
  public void remove(String id) {
    journal.delete(id);
  }

  @Override
  public void deleteEnded(List<String> ids) {
    // the journal's own pruning removed them
  }

  @Override
  public boolean journalFollows() {
    return false;
  }
}
