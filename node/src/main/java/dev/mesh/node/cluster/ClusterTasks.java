package dev.mesh.node.cluster;

import com.hazelcast.map.IMap;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every task's record, cluster-wide: a Hazelcast map with a synchronous backup, so the death of any
 * one member (the entry node included) loses no accepted task and any node can answer for it.
 * Changes are compare-and-set on the stored JSON; a change to an ended task is refused, which is
 * what keeps a result stored once. Blocking: call from a worker.
 */
public final class ClusterTasks {
  public static final String MAP_NAME = "mesh.tasks";

  private final IMap<String, String> map;

  public ClusterTasks(ClusterView cluster) {
    this.map = cluster.hazelcast().getMap(MAP_NAME);
  }

  public void put(TaskRecord record) {
    map.set(record.id(), encode(record));
  }

  public void remove(String id) {
    map.delete(id);
  }

  public Optional<TaskRecord> get(String id) {
    return Optional.ofNullable(map.get(id)).map(ClusterTasks::decode);
  }

  /** The records of these tasks that the cluster holds, in one call. */
  public List<TaskRecord> getAll(Set<String> ids) {
    return map.getAll(ids).values().stream().map(ClusterTasks::decode).toList();
  }

  /**
   * Applies {@code change} to the current record unless it has ended; returns the stored result, or
   * empty when the task is unknown or already ended (the change lost the race and is discarded).
   */
  public Optional<TaskRecord> update(String id, UnaryOperator<TaskRecord> change) {
    while (true) {
      String current = map.get(id);
      if (current == null) {
        return Optional.empty();
      }
      TaskRecord before = decode(current);
      if (before.terminal()) {
        return Optional.empty();
      }
      TaskRecord after = change.apply(before);
      if (after == null) {
        return Optional.empty();
      }
      if (map.replace(id, current, encode(after))) {
        return Optional.of(after);
      }
    }
  }

  /** Unfinished tasks a node (by name) holds: what to recover when that node is lost. */
  public List<TaskRecord> unfinishedOn(String nodeName) {
    List<TaskRecord> found = new ArrayList<>();
    for (String json : map.values()) {
      TaskRecord r = decode(json);
      if (!r.terminal() && r.placement().heldBy(nodeName)) {
        found.add(r);
      }
    }
    return found;
  }

  private static String encode(TaskRecord record) {
    try {
      return MeshJson.mapper().writeValueAsString(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TaskRecord decode(String json) {
    try {
      return MeshJson.mapper().readValue(json, TaskRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable task record in the cluster map", e);
    }
  }
}
