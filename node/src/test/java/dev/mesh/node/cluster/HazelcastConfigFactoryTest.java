package dev.mesh.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import dev.mesh.node.config.ClusterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastConfigFactoryTest {
  private final ClusterConfig cluster = new ClusterConfig(true, "home", "192.168.1.5", 5710,
      List.of("192.168.1.6:5701", "192.168.1.7"), false, 0, 0, 1, 5);

  @Test
  void joinsByTcpIpWithTheMemberListAndNoMulticast() {
    Config c = HazelcastConfigFactory.build(cluster, "mesh-pi");
    var join = c.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).contains("192.168.1.5:5710", "192.168.1.6:5701", "192.168.1.7");
    assertThat(c.getClusterName()).isEqualTo("home");
  }

  @Test
  void bindsOnlyTheConfiguredInterfaceAndPort() {
    Config c = HazelcastConfigFactory.build(cluster, "mesh-pi");
    assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("192.168.1.5");
    assertThat(c.getNetworkConfig().getPort()).isEqualTo(5710);
    assertThat(c.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
  }

  @Test
  void detectsAFrozenMemberInSecondsAndNeverPhonesHome() {
    Config c = HazelcastConfigFactory.build(cluster, "mesh-pi");
    assertThat(c.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
    assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(c.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
  }

  @Test
  void keepsMoreThanOneIoOutputThreadSoAFrozenPeerCannotStarveHeartbeats() {
    Config c = HazelcastConfigFactory.build(cluster, "mesh-pi");
    assertThat(Integer.parseInt(c.getProperty("hazelcast.io.thread.count"))).isGreaterThan(1);
    assertThat(Integer.parseInt(c.getProperty("hazelcast.io.balancer.interval.seconds"))).isLessThan(5);
  }

  @Test
  void carriesTheStructuresVertxExpects() {
    Config c = HazelcastConfigFactory.build(cluster, "mesh-pi");
    assertThat(c.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(c.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }

  @Test
  void keepsTheTasksOfTheLargerSideWhenAFrozenMemberMergesBack() {
    var tasks = HazelcastConfigFactory.build(cluster, "mesh-pi").getMapConfig(ClusterTasks.MAP_NAME);
    assertThat(tasks.getBackupCount()).isEqualTo(1);
    assertThat(tasks.getMergePolicyConfig().getPolicy()).endsWith("PutIfAbsentMergePolicy");
  }

  @Test
  void usesMulticastOnlyWhenAsked() {
    ClusterConfig multicast = new ClusterConfig(true, "home", "10.0.0.1", 5701, List.of(), true, 0, 0, 1, 5);
    var join = HazelcastConfigFactory.build(multicast, "x").getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
  }
}
