package dev.mesh.node.store;

import dev.mesh.protocol.task.TaskRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal writes that trail a clustered node's changes (the cluster map is their first copy). Each is a whole
 * snapshot of the task, so of the versions waiting for one task only the newest is worth writing: a change that
 * arrives while an earlier one still waits replaces it instead of queueing another atomic write (two fsyncs). A
 * task that runs in a few milliseconds makes its routed, started and finished changes faster than a disk takes
 * them; written one by one, those fsyncs took a core's worth of worker time under load.
 */
final class TrailingJournal {
  private static final Logger LOG = LoggerFactory.getLogger(TrailingJournal.class);
  private final TaskJournal journal;
  /** Writes in order per task; shared with the store's own journal writes (acceptance, removal). */
  private final KeyedQueue writes;
  /** Per task: the newest version not yet written, while a write for it is queued. */
  private final Map<String, TaskRecord> waiting = new ConcurrentHashMap<>();
  private final LongAdder written = new LongAdder();
  private final LongAdder replaced = new LongAdder();

  TrailingJournal(TaskJournal journal, KeyedQueue writes) {
    this.journal = journal;
    this.writes = writes;
  }

  /** Journals {@code record} after any earlier write of the same task; a newer one before it starts replaces it. */
  void follow(TaskRecord record) {
    if (waiting.put(record.id(), record) != null) {
      replaced.increment(); // the queued write takes this version instead
      return;
    }
    writes.submit(record.id(), () -> {
      TaskRecord newest = waiting.remove(record.id());
      if (newest != null) {
        journal.save(newest);
        written.increment();
      }
      return null;
    }).onFailure(e -> LOG.warn("journal: {}", e.getMessage()));
  }

  /** Snapshots written so far, and versions that a newer one replaced before they were written. */
  Counts counts() {
    return new Counts(written.sum(), replaced.sum());
  }

  record Counts(long written, long replaced) {}
}
