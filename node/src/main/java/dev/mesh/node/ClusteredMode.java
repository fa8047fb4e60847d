package dev.mesh.node;

import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.ClusterStanding;
import dev.mesh.node.cluster.ClusterTasks;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.cluster.Membership;
import dev.mesh.node.cluster.SharedMap;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.keys.ClusterKeys;
import dev.mesh.node.keys.KeyRegistry;
import dev.mesh.node.recovery.Failover;
import dev.mesh.node.recovery.Recovery;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.MeshSecurity;
import dev.mesh.node.security.SealedBus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a Hazelcast cluster: the cluster map holds every task (the journal follows), idempotency keys are
 * the cluster's, changes are published on the event bus, lost members' tasks are recovered, and a member the others
 * dropped stands aside until it has merged back.
 */
final class ClusteredMode implements MeshMode {
  private static final Logger LOG = LoggerFactory.getLogger(ClusteredMode.class);

  private final ClusterView cluster;
  private final ClusterTasks tasks;
  private final MeshSecurity security;

  /** @param keepEnded how long the cluster map keeps an ended task */
  ClusteredMode(ClusterView cluster, Duration keepEnded, MeshSecurity security) {
    this.cluster = cluster;
    this.security = security;
    this.tasks = new ClusterTasks(cluster, keepEnded, security);
  }

  @Override
  public Membership membership() {
    return cluster;
  }

  @Override
  public <V> SharedMap<V> map(String name, Class<V> type) {
    return SharedMap.of(cluster, name, type, security);
  }

  @Override
  public TaskStore store(Vertx vertx, Path dataDir, Retention retention) {
    return TaskStore.clustered(vertx, new TaskJournal(dataDir), new TaskJournal(dataDir, "claims"), tasks, retention);
  }

  @Override
  public Standing standing(Context context) {
    return ClusterStanding.watch(context, cluster);
  }

  @Override
  public KeyRegistry keys(Vertx vertx, Path dataDir, Retention retention) {
    return new ClusterKeys(vertx, cluster, retention.keep(), security);
  }

  @Override
  public void shareTaskChanges(Vertx vertx, TaskStore store) {
    store.onChange(record -> {
      if (store.isLocalOnly(record.id())) {
        return; // run here for the shared folder: its origin learns the outcome from the result file
      }
      try {
        SealedBus.of(vertx).publish(Addresses.TASK_UPDATES, MeshJson.mapper().writeValueAsBytes(record));
      } catch (IOException e) {
        LOG.error("cannot publish task {}", record.id(), e);
      }
    });
    SealedBus.of(vertx).consumer(Addresses.TASK_UPDATES, Kind.TASK_UPDATE, (message, opened) -> {
      try {
        store.heard(MeshJson.mapper().readValue(opened.payload(), TaskRecord.class));
      } catch (IOException | RuntimeException e) {
        LOG.warn("ignoring an unreadable task update: {}", e.getMessage());
      }
    });
  }

  @Override
  public void recoverLostMembers(Vertx vertx, Context context, AdvertBook book, Standing standing,
      Recovery recovery) {
    new Failover(vertx, context, cluster, tasks, book, standing, recovery).watch();
  }
}
