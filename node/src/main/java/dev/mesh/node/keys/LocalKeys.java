package dev.mesh.node.keys;

import dev.mesh.node.store.TaskStore;
import io.vertx.core.Future;
import java.util.Optional;

/** The keys of a node alone: its store's index, rebuilt from its journal at start. */
public final class LocalKeys implements KeyRegistry {
  private final TaskStore store;

  public LocalKeys(TaskStore store) {
    this.store = store;
  }

  @Override
  public Future<Optional<String>> reserve(String key, String id) {
    return Future.succeededFuture(store.reserveKey(key, id));
  }

  @Override
  public Future<Void> release(String key, String id) {
    store.releaseKey(key, id);
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<String>> holder(String key) {
    return Future.succeededFuture(store.keyHolder(key));
  }
}
