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
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.MeshSecurity;
import dev.mesh.protocol.seal.Opening;

/**
 * The keys of the cluster: a Hazelcast map from key to task id with a synchronous backup, reserved by
 * put-if-absent — the one place two nodes racing for a key meet. An entry lives as long as finished tasks are
 * kept; after a split the larger side's entry wins the merge (see the map's merge policy).
 */
public final class ClusterKeys implements KeyRegistry {

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final Duration keep;
  private final MeshSecurity security;

  public ClusterKeys(Vertx vertx, ClusterView cluster, Duration keep, MeshSecurity security) {
    this.vertx = vertx;
    this.map = cluster.hazelcast().getMap(HazelcastConfigFactory.KEYS_MAP);
    this.keep = keep;
    this.security = security;
  }

  @Override
  public Future<Optional<String>> reserve(String key, String id) {
    return vertx.executeBlocking(() -> {
      String hidden = hide(key);
      return Optional.ofNullable(map.putIfAbsent(hidden, seal(hidden, id), keep.toSeconds(), TimeUnit.SECONDS))
          .map(stored -> open(hidden, stored).orElse(UNREADABLE));
    }, false);
  }

  @Override
  public Future<Void> release(String key, String id) {
    return vertx.executeBlocking(() -> {
      String hidden = hide(key);
      String stored = map.get(hidden);
      if (stored != null && open(hidden, stored).filter(id::equals).isPresent()) {
        map.remove(hidden, stored);
      }
      return null;
    }, false);
  }

  @Override
  public Future<Boolean> takeOver(String key, String stale, String id) {
    return vertx.executeBlocking(() -> {
      String hidden = hide(key);
      String stored = map.get(hidden);
      return stored != null && open(hidden, stored).filter(stale::equals).isPresent()
          && map.replace(hidden, stored, seal(hidden, id));
    }, false);
  }

  /** The map's entries carry their own time to live. */
  @Override
  public int prune(Instant now) {
    return 0;
  }

  @Override
  public Future<Optional<String>> holder(String key) {
    return vertx.executeBlocking(() -> {
      String hidden = hide(key);
      return Optional.ofNullable(map.get(hidden)).flatMap(stored -> open(hidden, stored));
    }, false);
  }

  /** With a mesh key a client's idempotency key is not shown to the cluster; without one it is the map key. */
  private String hide(String key) {
    return security.sealing().hideKey(HazelcastConfigFactory.KEYS_MAP, key);
  }

  private String seal(String hidden, String id) {
    return security.sealing().sealText(HazelcastConfigFactory.KEYS_MAP + "/" + hidden, id);
  }

  private Optional<String> open(String hidden, String stored) {
    Opening opening = security.sealing().openText(HazelcastConfigFactory.KEYS_MAP + "/" + hidden, stored);
    if (opening instanceof Opening.Opened opened) {
      return Optional.of(opened.text());
    }
    security.untrusted().refused(Kind.SHARED_VALUE, HazelcastConfigFactory.KEYS_MAP, (Opening.Refused) opening);
    return Optional.empty();
  }

  /**
   * The holder of a key whose entry fails to open: the key stays taken (a stranger cannot name a hidden key, so this
   * is a node on another key) and the submission is refused as a conflict rather than given a second task.
   */
  private static final String UNREADABLE = "(unreadable)";
}
