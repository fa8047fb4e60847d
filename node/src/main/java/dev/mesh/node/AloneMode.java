package dev.mesh.node;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Membership;
import dev.mesh.node.cluster.SharedMap;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.keys.FileKeys;
import dev.mesh.node.keys.KeyRegistry;
import dev.mesh.node.recovery.Recovery;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;

/** A node outside any cluster: its journal holds its tasks and its keys; others reach it through the folder only. */
final class AloneMode implements MeshMode {
  @Override
  public Membership membership() {
    return Membership.ALONE;
  }

  @Override
  public <V> SharedMap<V> map(String name, Class<V> type) {
    return SharedMap.none();
  }

  @Override
  public TaskStore store(Vertx vertx, Path dataDir, Retention retention) {
    return TaskStore.alone(vertx, new TaskJournal(dataDir), new TaskJournal(dataDir, "claims"), retention);
  }

  @Override
  public Standing standing(Context context) {
    return Standing.ALONE;
  }

  @Override
  public KeyRegistry keys(Vertx vertx, Path dataDir, Retention retention) throws IOException {
    return new FileKeys(vertx, dataDir, retention.keep());
  }

  @Override
  public void shareTaskChanges(Vertx vertx, TaskStore store) {
    // nobody to share with: the folder's result files carry outcomes to whoever dropped a task
  }

  @Override
  public void recoverLostMembers(Vertx vertx, Context context, AdvertBook book, Standing standing,
      Recovery recovery) {
    // no members to lose; this node's own tasks are recovered from its journal at start
  }
}
