package dev.mesh.node.recovery;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.ClusterTasks;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.store.TaskStore;
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
  /** How often the event loop notes it is alive: a longer gap means this node was frozen or starved. */
  private static final long STALL_CHECK_MS = 250;

  private final Vertx vertx;
  private final Context context;
  private final ClusterView cluster;
  private final ClusterTasks tasks;
  private final AdvertBook adverts;
  private final TaskStore store;
  private final Recovery recovery;
  private long lastTickNanos = System.nanoTime();
  /** When this node last woke from a stall long enough for the others to drop it. */
  private long stallEndedNanos;
  private boolean stalled;

  public Failover(Vertx vertx, Context context, ClusterView cluster, ClusterTasks tasks, AdvertBook adverts,
      TaskStore store, Recovery recovery) {
    this.vertx = vertx;
    this.context = context;
    this.cluster = cluster;
    this.tasks = tasks;
    this.adverts = adverts;
    this.store = store;
    this.recovery = recovery;
  }

  /** Call on the node's context. */
  public void watch() {
    adverts.admitOnly(cluster::hasMember);
    cluster.onMemberLost(memberId -> context.runOnContext(v -> memberLost(memberId)));
    cluster.onRejoined(() -> context.runOnContext(v -> rejoined()));
    vertx.setPeriodic(STALL_CHECK_MS, t -> noteStall());
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
    if (justWokeFromStall()) {
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

  /** Back in the cluster after being cut off: what this node holds may be its own discarded writes. */
  private void rejoined() {
    LOG.info("merged back into the cluster; re-reading every task this node knows from the cluster map");
    store.refreshAll().onFailure(e -> LOG.warn("cannot re-read tasks after merging back: {}", e.getMessage()));
  }

  private void noteStall() {
    long now = System.nanoTime();
    long gapNanos = now - lastTickNanos;
    lastTickNanos = now;
    if (gapNanos > cluster.maxNoHeartbeat().toNanos()) {
      stalled = true;
      stallEndedNanos = now;
      LOG.warn("this node's event loop stalled for {} ms (frozen or starved): the others have probably dropped it",
          gapNanos / 1_000_000);
    }
  }

  /** Whether this node woke from such a stall within the last two heartbeat limits (time to be dropped and merge). */
  private boolean justWokeFromStall() {
    noteStall(); // the timer may not have run yet since the wake-up
    return stalled && System.nanoTime() - stallEndedNanos < 2 * cluster.maxNoHeartbeat().toNanos();
  }
}
