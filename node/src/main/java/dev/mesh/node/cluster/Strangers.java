package dev.mesh.node.cluster;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster members that have sent no advert this node could open within {@link #GRACE} of joining: Hazelcast lets
 * anyone who knows the cluster's name and an address join, so membership proves nothing — an advert sealed with
 * the mesh key does. (Without a key, any advert counts: a member that sends none is still worth showing.) Each is
 * logged once.
 */
public final class Strangers {
  private static final Logger LOG = LoggerFactory.getLogger(Strangers.class);
  /** Nodes advertise every second and at once when they join; ten seconds is generous. */
  public static final Duration GRACE = Duration.ofSeconds(10);
  private static final long CHECK_MS = 2000;

  private final Membership membership;
  private final AdvertBook book;
  private final Clock clock;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  public Strangers(Membership membership, AdvertBook book, Clock clock) {
    this.membership = membership;
    this.book = book;
    this.clock = clock;
  }

  /** The strangers now, oldest first. */
  public List<ClusterMember> now() {
    Set<String> advertised = book.membersAdvertised();
    return membership.memberDetails().stream()
        .filter(m -> !m.self() && !advertised.contains(m.nodeId()))
        .filter(m -> m.firstSeen().plus(GRACE).isBefore(clock.instant()))
        .toList();
  }

  /** Logs each new stranger once, checking every two seconds. */
  public void watch(Vertx vertx) {
    vertx.setPeriodic(CHECK_MS, t -> {
      List<ClusterMember> strangers = now();
      for (ClusterMember m : strangers) {
        if (logged.add(m.nodeId())) {
          LOG.warn("cluster member at {}{} has sent no advert this node can verify in {} s: a stranger — it is never"
              + " routed to, and nothing it sends is taken", m.address(), m.lite() ? " (lite member)" : "",
              GRACE.toSeconds());
        }
      }
      Set<String> present = strangers.stream().map(ClusterMember::nodeId).collect(Collectors.toSet());
      logged.retainAll(present);
    });
  }
}
