package dev.mesh.node.cluster;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standing of a clustered node, judged by its own event loop: a gap between two ticks longer than the
 * cluster's heartbeat limit means the others have dropped it. It stands again when it has merged back into the
 * cluster, or — when no merge comes because the others had not dropped it after all — after three heartbeat
 * limits, by which time a merge would have happened.
 */
public final class ClusterStanding implements Standing {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterStanding.class);
  /** How often the event loop notes it is alive. */
  private static final long TICK_MS = 250;
  private static final int LIMITS_WITHOUT_MERGE = 3;

  private final Context context;
  private final Duration limit;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private long lastTickNanos = System.nanoTime();
  private boolean rejoining;
  private long rejoinTimer = -1;

  private ClusterStanding(Context context, Duration limit) {
    this.context = context;
    this.limit = limit;
  }

  /** Starts watching; call on the node's context. */
  public static ClusterStanding watch(Context context, ClusterView cluster) {
    ClusterStanding standing = new ClusterStanding(context, cluster.maxNoHeartbeat());
    context.owner().setPeriodic(TICK_MS, t -> standing.tick());
    cluster.onRejoined(() -> context.runOnContext(v -> standing.merged()));
    return standing;
  }

  @Override
  public boolean settled() {
    tick(); // right after a wake-up the timer may not have run yet: a buffered request must see the gap
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
    if (gapNanos > limit.toNanos()) {
      LOG.warn("this node's event loop stalled for {} ms (frozen or starved): the others have dropped it; it takes"
          + " and starts no task until it has merged back", gapNanos / 1_000_000);
      rejoining = true;
      if (rejoinTimer >= 0) {
        context.owner().cancelTimer(rejoinTimer);
      }
      rejoinTimer = context.owner().setTimer(limit.toMillis() * LIMITS_WITHOUT_MERGE, t -> settle("no merge came"));
    }
  }

  private void merged() {
    settle("merged back into the cluster");
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
