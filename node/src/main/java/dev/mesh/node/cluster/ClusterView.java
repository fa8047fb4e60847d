package dev.mesh.node.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Who is in the cluster, from Hazelcast's own membership (several listeners may watch it; Vert.x's
 * single node listener is its own). The oldest member is the coordinator that re-routes a lost
 * member's tasks, so exactly one node does it.
 */
public final class ClusterView {
  private final HazelcastInstance hazelcast;
  private final List<Consumer<String>> lostListeners = new CopyOnWriteArrayList<>();

  public ClusterView(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // adverts announce new members; nothing to do here
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String lost = event.getMember().getUuid().toString();
        lostListeners.forEach(listener -> listener.accept(lost));
      }
    });
  }

  /** Member ids (the same ids Vert.x uses as node ids). */
  public Set<String> members() {
    return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
  }

  public String self() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** Hazelcast lists members oldest first, the same order on every member. */
  public boolean coordinator() {
    Member oldest = hazelcast.getCluster().getMembers().iterator().next();
    return oldest.localMember();
  }

  /** Called (on a Hazelcast thread) with the member id of every member that leaves or is dropped. */
  public void onMemberLost(Consumer<String> listener) {
    lostListeners.add(listener);
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }
}
