package dev.mesh.node.cluster;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standing of a clustered node, judged by its own event loop: a gap between two ticks of half the cluster's
 * heartbeat limit or more means the others may have dropped it — a node frozen for 4.4 s of a 5 s limit was seen
 * to claim mastership of a cluster of its own on waking (chaos suite), so waiting for the full limit is too late.
 * It stands again when it has merged back into the cluster; or when, a couple of heartbeats after waking, it
 * still sees every member it saw before (the others had not dropped it after all); or after three heartbeat
 * limits, by which time a merge would have happened.
 */
public final class ClusterStanding implements Standing {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStanding.class);
  /** How often the event loop notes it is alive. */
  private static final long TICK_MS = 250;
  private static final int LIMITS_WITHOUT_MERGE = 3;

  /** How long after waking the member list must still hold everyone for a short stall to have been harmless. */
  private static final long PROBATION_MS = 2_000;

  private final Context context;
  private final Membership members;
  private final Duration limit;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private long lastTickNanos = System.nanoTime();
  /**
   * The node context's event-loop thread. A request handler runs on a duplicate of the
   * node's context (Vert.x gives every HTTP request its own), never equal to it: the thread tells "on the node's
   * context" where comparing contexts let a buffered submit, read before the first tick after a freeze, through.
   */
  private final Thread loopThread;
  /** Read from other threads (the shared folder's scanner); written on the node's context. */
  private volatile boolean rejoining;
  /** Between Hazelcast's MERGING and MERGED (or MERGE_FAILED). */
  private boolean merging;
  private long rejoinTimer = -1;
  private java.util.Set<String> membersBefore = java.util.Set.of();
  private long wokeNanos;
  /** When this node's last stall began, and when it last saw a member lost (System.nanoTime()). */
  private long stallBeganNanos;
  private long lastLossNanos = Long.MIN_VALUE;

  private ClusterStanding(Context context, Membership members, Duration limit, Thread loopThread) {
    this.context = context;
    this.loopThread = loopThread;
    this.members = members;
    this.limit = limit;
  }

  /** Starts watching; call on the node's context. */
  public static ClusterStanding watch(Context context, ClusterView cluster) {
    if (!context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
      throw new IllegalStateException("standing is judged on the node's event loop: call watch on its context");
    }
    ClusterStanding standing = new ClusterStanding(context, cluster, cluster.maxNoHeartbeat(), Thread.currentThread());
    context.owner().setPeriodic(TICK_MS, t -> standing.tick());
    cluster.onMerge(step -> context.runOnContext(v -> standing.merge(step)));
    cluster.onMemberLost(member -> context.runOnContext(v -> standing.lostOne()));
    return standing;
  }

  @Override
  public boolean settled() {
    if (Thread.currentThread() == loopThread) {
      tick(); // right after a wake-up the timer may not have run yet: a buffered request must see the gap
    }
    return !rejoining;
  }

  @Override
  public void onSettled(Runnable listener) {
    listeners.add(listener);
  }

  private void tick() {
    long now = System.nanoTime();
    long gapNanos = now - lastTickNanos;
    lastTickNanos = now;
    if (gapNanos < limit.toNanos() / 2) {
      if (!rejoining) {
        membersBefore = members.members();
      } else if (!merging && lastLossNanos < stallBeganNanos && now - wokeNanos > PROBATION_MS * 1_000_000
          && members.members().containsAll(membersBefore)) {
        settle("every member it saw before it stalled is still there");
      }
      return;
    }
    wokeNanos = now;
    stallBeganNanos = now - gapNanos;
    LOG.warn("this node's event loop stalled for {} ms (frozen or starved): the others may have dropped it; it takes"
        + " and starts no task until it knows it is one of them", gapNanos / 1_000_000);
    rejoining = true;
    armTimer();
  }

  /**
   * A member lost since the stall began means this node was split off: its member list may show everyone again
   * while it merges, so only the merge itself (or the time limit) lets it stand again.
   */
  private void lostOne() {
    lastLossNanos = System.nanoTime();
  }

  /**
   * A member merging into the larger side has its copy of the mesh replaced: it stands aside from the start of the
   * merge (it need not have stalled: the smaller side of a split merges too) until the merge is done. A merge can
   * take long — one into a member that froze meanwhile took 13 s in the chaos suite — so the time limit waits for
   * it: standing again before it is done let a node accept a key the larger side had already given out.
   */
  private void merge(ClusterView.MergeStep step) {
    switch (step) {
      case STARTED -> {
        merging = true;
        if (!rejoining) {
          LOG.warn("this node is merging into the larger side of a split: it takes and starts no task until merged");
          rejoining = true;
        }
      }
      case DONE -> {
        merging = false;
        settle("merged back into the cluster");
      }
      case FAILED -> {
        merging = false;
        LOG.warn("merging into the cluster failed; Hazelcast tries again");
        armTimer();
      }
    }
  }

  private void armTimer() {
    if (rejoinTimer >= 0) {
      context.owner().cancelTimer(rejoinTimer);
    }
    rejoinTimer = context.owner().setTimer(limit.toMillis() * LIMITS_WITHOUT_MERGE, t -> {
      rejoinTimer = -1;
      if (merging) {
        armTimer(); // a merge under way ends in "merged" or "failed": wait for it
      } else {
        settle("no merge came");
      }
    });
  }

  private void settle(String why) {
    if (!rejoining) {
      return;
    }
    rejoining = false;
    if (rejoinTimer >= 0) {
      context.owner().cancelTimer(rejoinTimer);
      rejoinTimer = -1;
    }
    LOG.info("this node stands again ({})", why);
    listeners.forEach(Runnable::run);
  }
}
