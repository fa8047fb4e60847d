package dev.mesh.node.dispatch;

import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.ClusterTasks;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a member is lost (killed, frozen past the heartbeat limit, unplugged), the coordinator — the
 * oldest member, so exactly one node does it — re-routes every unfinished task last seen there.
 * A task that was running gets a new attempt; if the lost node comes back and finishes the old
 * attempt, its result is discarded (see {@link TaskRunner}).
 */
public final class Failover {
  private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

  private final Vertx vertx;
  private final Context context;
  private final ClusterView cluster;
  private final ClusterTasks tasks;
  private final AdvertBook adverts;
  private final TaskStore store;
  private final Dispatcher dispatcher;
  private final String nodeName;
  private final Clock clock;

  public Failover(Vertx vertx, Context context, ClusterView cluster, ClusterTasks tasks, AdvertBook adverts,
      TaskStore store, Dispatcher dispatcher, String nodeName, Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.cluster = cluster;
    this.tasks = tasks;
    this.adverts = adverts;
    this.store = store;
    this.dispatcher = dispatcher;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public void watch() {
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
    vertx.executeBlocking(() -> tasks.unfinishedOn(lost.name()))
        .onSuccess(orphans -> reroute(lost.name(), orphans))
        .onFailure(e -> LOG.error("cannot list the tasks of lost node {}", lost.name(), e));
  }

  private void reroute(String lostName, List<TaskRecord> orphans) {
    if (!orphans.isEmpty()) {
      LOG.warn("re-routing {} task(s) of lost node {}", orphans.size(), lostName);
    }
    for (TaskRecord orphan : orphans) {
      store.update(orphan.id(), r -> lostName.equals(r.lastNode())
              ? r.requeued(nodeName, "node " + lostName + " was lost", clock.instant()) : null)
          .compose(dispatcher::dispatch)
          .recover(e -> e instanceof TaskStore.StaleChange ? Future.succeededFuture() : Future.failedFuture(e))
          .onFailure(e -> LOG.error("cannot re-route task {}", orphan.id(), e));
    }
  }
}
