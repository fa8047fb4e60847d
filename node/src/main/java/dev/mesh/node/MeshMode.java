package dev.mesh.node;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Membership;
import dev.mesh.node.cluster.SharedMap;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.keys.KeyRegistry;
import dev.mesh.node.recovery.Recovery;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How this node takes part in the mesh: alone ({@link AloneMode}: its journal, and the shared folder if it has
 * one) or as a member of a Hazelcast cluster ({@link ClusteredMode}). Everything that differs between the two is
 * made here, once, so the rest of the node never asks which it is.
 */
sealed interface MeshMode permits AloneMode, ClusteredMode {
  Membership membership();

  /** A map shared with the other members; a node alone shares nothing. */
  <V> SharedMap<V> map(String name, Class<V> type);

  TaskStore store(Vertx vertx, Path dataDir, Retention retention);

  Standing standing(Context context);

  KeyRegistry keys(Vertx vertx, Path dataDir, Retention retention) throws IOException;

  /** Publishes every change this node makes to a task and keeps those the others make; call on the context. */
  void shareTaskChanges(Vertx vertx, TaskStore store);

  /** Recovers the tasks of members the cluster loses; call on the node's context once it has joined. */
  void recoverLostMembers(Vertx vertx, Context context, AdvertBook book, Standing standing, Recovery recovery);
}
