package dev.mesh.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.impl.MemberImpl;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
  @Test
  void namesAMemberByItsVertxNodeIdWhichIsNotItsHazelcastUuid() throws Exception {
    // adverts are keyed name@<Vert.x node id>; vertx-hazelcast 5 keeps that id in a member attribute
    UUID hazelcastUuid = UUID.randomUUID();
    MemberImpl member = new MemberImpl.Builder(new Address("127.0.0.1", 5701)).uuid(hazelcastUuid)
        .attributes(Map.of("__vertx.nodeId", "vertx-node-1")).build();
    assertThat(ClusterView.nodeIdOf(member)).isEqualTo("vertx-node-1");
  }

  @Test
  void namesAMemberWithoutAVertxNodeIdByItsUuid() throws Exception {
    UUID hazelcastUuid = UUID.randomUUID();
    MemberImpl member = new MemberImpl.Builder(new Address("127.0.0.1", 5701)).uuid(hazelcastUuid).build();
    assertThat(ClusterView.nodeIdOf(member)).isEqualTo(hazelcastUuid.toString());
  }
}
