package dev.mesh.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Who is in the cluster, from Hazelcast's own membership (several listeners may watch it; Vert.x's
 * single node listener is its own). The oldest member is the coordinator that re-routes a lost
 * member's tasks, so exactly one node does it.
 */
public final class ClusterView implements Membership {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  /**
   * The member attribute where vertx-hazelcast 5 keeps the Vert.x node id. That id is not the
   * Hazelcast member UUID (it was in Vert.x 3), and adverts are keyed by it: reporting the UUID made
   * every lost member look like one without an advert, so its tasks were never re-routed.
   */
  static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final String MAX_NO_HEARTBEAT_PROPERTY = "hazelcast.max.no.heartbeat.seconds";
  /** Hazelcast's own default when the property is not set. */
  private static final long DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 60;

  private final HazelcastInstance hazelcast;
  private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();
  /** When this node first saw each member (by UUID); members present at start count from then. */
  private final Map<java.util.UUID, Instant> firstSeen = new ConcurrentHashMap<>();

  public ClusterView(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        Member m = event.getMember();
        firstSeen.putIfAbsent(m.getUuid(), Instant.now());
        // adverts announce the nodes; this line is for whoever watches the log for what joins their network
        LOG.info("cluster member joined from {}{}", m.getAddress(), m.isLiteMember() ? " (a lite member: holds no data)"
            : "");
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        firstSeen.remove(event.getMember().getUuid());
        String lost = nodeIdOf(event.getMember());
        lostListeners.forEach(listener -> listener.accept(lost));
      }
    });
    Instant now = Instant.now();
    hazelcast.getCluster().getMembers().forEach(m -> firstSeen.putIfAbsent(m.getUuid(), now));
  }

  @Override
  public List<ClusterMember> memberDetails() {
    Instant now = Instant.now();
    return hazelcast.getCluster().getMembers().stream().map(m -> new ClusterMember(nodeIdOf(m),
        m.getAddress().getHost() + ":" + m.getAddress().getPort(), m.isLiteMember(), m.localMember(),
        firstSeen.getOrDefault(m.getUuid(), now))).toList();
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  /** The Vert.x node ids of the members (the part after '@' in advert ids). */
  @Override
  public Set<String> members() {
    return hazelcast.getCluster().getMembers().stream().map(ClusterView::nodeIdOf).collect(Collectors.toSet());
  }

  public String self() {
    return nodeIdOf(hazelcast.getCluster().getLocalMember());
  }

  /** A member's Vert.x node id; its UUID for a member without one (not started by Vert.x). */
  static String nodeIdOf(Member member) {
    String vertxId = member.getAttribute(VERTX_NODE_ID_ATTRIBUTE);
    return vertxId != null ? vertxId : member.getUuid().toString();
  }

  /** Whether a node (by the member part of its id) is a member now; a member that was dropped is not, until it merges back. */
  public boolean hasMember(String vertxNodeId) {
    return members().contains(vertxNodeId);
  }

  /** Hazelcast's limit: a member silent for this long is dropped (so a node stalled this long was dropped too). */
  public Duration maxNoHeartbeat() {
    String seconds = hazelcast.getConfig().getProperty(MAX_NO_HEARTBEAT_PROPERTY);
    return Duration.ofSeconds(seconds == null ? DEFAULT_MAX_NO_HEARTBEAT_SECONDS : Long.parseLong(seconds));
  }

  /** Hazelcast lists members oldest first, the same order on every member. */
  public boolean coordinator() {
    Member oldest = hazelcast.getCluster().getMembers().iterator().next();
    return oldest.localMember();
  }

  /** Called (on a Hazelcast thread) with the Vert.x node id of every member that leaves or is dropped. */
  public void onMemberLost(Consumer<String> listener) {
    lostListeners.add(listener);
  }

  /** A step of this member merging into another cluster after a split (frozen, partitioned, or the smaller side). */
  public enum MergeStep {
    /** Merging began: this member's copy of the cluster's data is being replaced by the larger side's. */
    STARTED,
    /** Merged: it is one of the larger side's members again. */
    DONE,
    /** The merge failed; Hazelcast tries again later. */
    FAILED
  }

  /** Called (on a Hazelcast thread) at each step of this member merging into another cluster. */
  public void onMerge(Consumer<MergeStep> listener) {
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      switch (event.getState()) {
        case MERGING -> listener.accept(MergeStep.STARTED);
        case MERGED -> listener.accept(MergeStep.DONE);
        case MERGE_FAILED -> listener.accept(MergeStep.FAILED);
        default -> { }
      }
    });
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }
}
