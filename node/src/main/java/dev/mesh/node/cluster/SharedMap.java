package dev.mesh.node.cluster;

import com.hazelcast.map.IMap;
import java.time.Duration;
import dev.mesh.node.security.MeshSecurity;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A cluster-wide map whose entries expire — or, for a node alone, none at all: there every put is its own
 * (nobody else can have put first) and nothing is found. Blocking: call from a worker.
 */
public interface SharedMap<V> {
  /** Puts unless the key is taken; returns whether it was free. */
  boolean putIfAbsent(String key, V value, Duration ttl);

  void put(String key, V value, Duration ttl);

  Optional<V> get(String key);

  void delete(String key);

  /** The map of a node alone. */
  static <V> SharedMap<V> none() {
    return new SharedMap<>() {
      @Override
      public boolean putIfAbsent(String key, V value, Duration ttl) {
        return true;
      }

      @Override
      public void put(String key, V value, Duration ttl) {
        // nobody to share with
      }

      @Override
      public Optional<V> get(String key) {
        return Optional.empty();
      }

      @Override
      public void delete(String key) {
        // nothing was shared
      }
    };
  }

  /**
   * The Hazelcast map {@code name} of the cluster; with a mesh key, its keys hidden and its values sealed for their
   * entry (JSON of {@code type}). A value that fails to open is counted and read as absent — but still occupies its
   * key for {@link #putIfAbsent}: refusing a delivery id a stranger could not have named is the safe side.
   */
  static <V> SharedMap<V> of(ClusterView cluster, String name, Class<V> type, MeshSecurity security) {
    if (!security.sealing().keyed()) {
      return plain(cluster.hazelcast().getMap(name));
    }
    return new SealedMap<>(cluster.hazelcast().getMap(name), name, type, security);
  }

  private static <V> SharedMap<V> plain(IMap<String, V> map) {
    return new SharedMap<>() {
      @Override
      public boolean putIfAbsent(String key, V value, Duration ttl) {
        return map.putIfAbsent(key, value, ttl.toSeconds(), TimeUnit.SECONDS) == null;
      }

      @Override
      public void put(String key, V value, Duration ttl) {
        map.set(key, value, ttl.toSeconds(), TimeUnit.SECONDS);
      }

      @Override
      public Optional<V> get(String key) {
        return Optional.ofNullable(map.get(key));
      }

      @Override
      public void delete(String key) {
        map.delete(key);
      }
    };
  }
}
