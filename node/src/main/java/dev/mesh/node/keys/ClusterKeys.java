package dev.mesh.node.keys;

import com.hazelcast.map.IMap;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.cluster.HazelcastConfigFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The keys of the cluster: a Hazelcast map from key to task id with a synchronous backup, reserved by
 * put-if-absent — the one place two nodes racing for a key meet. An entry lives as long as finished tasks are
 * kept; after a split the larger side's entry wins the merge (see the map's merge policy).
 */
public final class ClusterKeys implements KeyRegistry {

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final Duration keep;

  public ClusterKeys(Vertx vertx, ClusterView cluster, Duration keep) {
    this.vertx = vertx;
    this.map = cluster.hazelcast().getMap(HazelcastConfigFactory.KEYS_MAP);
    this.keep = keep;
  }

  @Override
  public Future<Optional<String>> reserve(String key, String id) {
    return vertx.executeBlocking(() -> Optional.ofNullable(map.putIfAbsent(key, id, keep.toSeconds(),
        TimeUnit.SECONDS)), false);
  }

  @Override
  public Future<Void> release(String key, String id) {
    return vertx.executeBlocking(() -> {
      map.remove(key, id);
      return null;
    }, false);
  }

  @Override
  public Future<Boolean> takeOver(String key, String stale, String id) {
    return vertx.executeBlocking(() -> map.replace(key, stale, id), false);
  }

  /** The map's entries carry their own time to live. */
  @Override
  public int prune(Instant now) {
    return 0;
  }

  @Override
  public Future<Optional<String>> holder(String key) {
    return vertx.executeBlocking(() -> Optional.ofNullable(map.get(key)), false);
  }
}
