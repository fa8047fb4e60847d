package dev.mesh.bench.hop;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.mesh.bench.cluster.BenchMember;
import dev.mesh.node.cluster.ClusterTasks;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the writes to the cluster's task map per task, as a member of the cluster sees them: how many durable
 * changes a task really made, whatever its record's version says (one write may store several changes).
 */
final class MapWrites implements AutoCloseable {
  private final IMap<String, String> map;
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  private final UUID registration;

  private MapWrites(IMap<String, String> map) {
    this.map = map;
    this.registration = map.addEntryListener(new Counter(), false);
  }

  static MapWrites watch(BenchMember member) {
    return new MapWrites(member.hazelcast().getMap(ClusterTasks.MAP_NAME));
  }

  /** Writes seen so far for this task (0 for none, or for an empty id). */
  int of(String taskId) {
    AtomicInteger n = writes.get(taskId);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    map.removeEntryListener(registration);
  }

  private final class Counter implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      count(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      count(event);
    }

    private void count(EntryEvent<String, String> event) {
      writes.computeIfAbsent(event.getKey(), k -> new AtomicInteger()).incrementAndGet();
    }
  }
}
