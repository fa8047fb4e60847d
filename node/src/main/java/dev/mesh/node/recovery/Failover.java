package dev.mesh.node.recovery;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.ClusterTasks;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.cluster.Standing;
import dev.mesh.protocol.advert.NodeAdvert;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a member is lost (killed, frozen past the heartbeat limit, unplugged), the coordinator — the
 * oldest member, so exactly one node does it — hands every unfinished task that member held to {@link Recovery}.
 * A task that was running gets a new attempt; if the lost node comes back and finishes the old
 * attempt, its result is discarded (see {@code TaskRunner}). The flip side is handled here too: a
 * node that was itself frozen sees everyone else "lost" when it wakes, and must not act on it.
 */
public final class Failover {
  private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

  private final Vertx vertx;
  private final Context context;
  private final ClusterView cluster;
  private final ClusterTasks tasks;
  private final AdvertBook adverts;
  private final Standing standing;
  private final Recovery recovery;

  public Failover(Vertx vertx, Context context, ClusterView cluster, ClusterTasks tasks, AdvertBook adverts,
      Standing standing, Recovery recovery) {
    this.vertx = vertx;
    this.context = context;
    this.cluster = cluster;
    this.tasks = tasks;
    this.adverts = adverts;
    this.standing = standing;
    this.recovery = recovery;
  }

  /** Call on the node's context. */
  public void watch() {
    adverts.admitOnly(cluster::hasMember);
    cluster.onMemberLost(memberId -> context.runOnContext(v -> memberLost(memberId)));
  }

  private void memberLost(String memberId) {
    NodeAdvert lost = adverts.removeMember(memberId).orElse(null);
    if (lost == null) {
      LOG.info("member {} left (it had published no advert)", memberId);
      return;
    }
    LOG.warn("node {} ({}) was lost", lost.name(), memberId);
    if (!cluster.coordinator()) {
      return;
    }
    if (!standing.settled()) {
      // Frozen past the heartbeat limit, this node is the one the others dropped: cut off alone, it only
      // sees a stale copy of the tasks; the others re-route its tasks, and this node merges back shortly.
      LOG.warn("not re-routing the tasks of {}: this node was frozen for longer than the heartbeat limit, "
          + "so it is the one that was cut off", lost.name());
      return;
    }
    vertx.executeBlocking(() -> tasks.unfinishedOn(lost.name()))
        .onSuccess(orphans -> recovery.holderLost(lost.name(), orphans))
        .onFailure(e -> LOG.error("cannot list the tasks of lost node {}", lost.name(), e));
  }
}
