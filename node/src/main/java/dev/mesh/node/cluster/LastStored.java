package dev.mesh.node.cluster;

import dev.mesh.protocol.task.TaskRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this node last stored in the cluster map per task, as the exact stored text (sealed values differ on every
 * sealing) with the record it holds: the expected value of the next compare-and-set, so that change needs no read
 * first. Bounded, the least recently used dropped: a task handed to another node is never changed here again, and a
 * dropped entry only costs the read it would have saved. Thread-safe (workers store side by side).
 */
final class LastStored {
  /** Tasks in flight on one node at once are far fewer; a miss is only a read. */
  static final int CAPACITY = 256;

  record Entry(String stored, TaskRecord record) {}

  private final Map<String, Entry> entries;

  LastStored(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Entry get(String id) {
    return entries.get(id);
  }

  synchronized void remember(String id, String stored, TaskRecord record) {
    entries.put(id, new Entry(stored, record));
  }

  synchronized void forget(String id) {
    entries.remove(id);
  }

  synchronized int size() {
    return entries.size();
  }
}
