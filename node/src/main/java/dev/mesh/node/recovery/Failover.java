package dev.mesh.node.recovery;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.ClusterTasks;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.cluster.Standing;
import dev.mesh.protocol.advert.NodeAdvert;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a member is lost (killed, frozen past the heartbeat limit, unplugged), the coordinator — the
 * oldest member, so exactly one node does it — hands every unfinished task that member held to {@link Recovery}.
 * A task that was running gets a new attempt; if the lost node comes back and finishes the old
 * attempt, its result is discarded (see {@code TaskRunner}). The flip side is handled here too: a
 * node that was itself frozen sees everyone else "lost" when it wakes, and must not act on it. A loss it hears
 * while it does not stand is judged again once it stands: a member still gone then (not the others it only
 * thought lost while cut off) has its tasks recovered — else nobody would, if it never comes back.
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
  /** Time for the cluster to promote backups and move partitions after a loss. */
  private static final long RESTORE_AFTER_MS = 3_000;
  /** Members lost while this node did not stand: member id → node name. */
  private final Map<String, String> lostWhileUnsettled = new HashMap<>();

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
    standing.onSettled(this::judgeDeferred);
  }

  private void memberLost(String memberId) {
    NodeAdvert lost = adverts.removeMember(memberId).orElse(null);
    if (lost == null) {
      LOG.info("member {} left (it had published no advert)", memberId);
      return;
    }
    LOG.warn("node {} ({}) was lost", lost.name(), memberId);
    if (standing.settled()) {
      // the lost member may have taken the last copy of some entries, and a listing made while its partitions
      // move can miss entries (FrozenNodeIT saw its task's record missed, then put back, then never recovered):
      // once the partitions have moved each node puts back what it knows, and the coordinator looks again
      vertx.setTimer(RESTORE_AFTER_MS, t -> recovery.restoreMissing("node " + lost.name() + " was lost"));
      vertx.setTimer(2 * RESTORE_AFTER_MS, t -> {
        if (!cluster.hasMember(memberId)) {
          recoverTasksOf(lost.name());
        }
      });
    }
    if (!standing.settled()) {
      // Frozen past the heartbeat limit, this node may be the one the others dropped: cut off, it only sees a
      // stale copy of the tasks. Judged again once it stands.
      lostWhileUnsettled.put(memberId, lost.name());
      LOG.warn("not recovering the tasks of {} yet: this node stalled and may be the one cut off; judged again once"
          + " it stands", lost.name());
      return;
    }
    recoverTasksOf(lost.name());
  }

  /** Members lost while this node did not stand: those still not members (not merged back) were really lost. */
  private void judgeDeferred() {
    Map<String, String> lost = Map.copyOf(lostWhileUnsettled);
    lostWhileUnsettled.clear();
    lost.forEach((memberId, name) -> {
      if (!cluster.hasMember(memberId)) {
        LOG.warn("node {} ({}) is still gone now this node stands again", name, memberId);
        recoverTasksOf(name);
      }
    });
  }

  private void recoverTasksOf(String lostName) {
    if (!cluster.coordinator()) {
      return;
    }
    vertx.executeBlocking(() -> tasks.unfinishedOn(lostName))
        .onSuccess(orphans -> recovery.holderLost(lostName, orphans))
        .onFailure(e -> LOG.error("cannot list the tasks of lost node {}", lostName, e));
  }
}
