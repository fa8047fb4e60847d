package dev.mesh.node.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import dev.mesh.node.config.ClusterConfig;

/**
 * Hazelcast's {@link Config} built in code from the node's YAML (vertx-hazelcast would only read
 * XML): TCP/IP join with an explicit member list, multicast and auto-detection off unless asked,
 * one bound interface, no phone-home, and heartbeats tuned so a frozen member drops in seconds.
 */
public final class HazelcastConfigFactory {
  /** Structures vertx-hazelcast expects, copied from its default-cluster.xml. */
  private static final String VERTX_SUBSCRIPTIONS = "__vertx.subs";
  private static final String[] VERTX_MAPS = {"__vertx.haInfo", "__vertx.nodeInfo"};
  private static final int VERTX_BACKUP_COUNT = 1;
  static final int IO_THREADS = 3;
  /** The idempotency keys' map (named here, not by its user, so the cluster package needs no other). */
  public static final String KEYS_MAP = "mesh.keys";
  static final int IO_BALANCER_INTERVAL_SECONDS = 2;

  private HazelcastConfigFactory() {}

  public static Config build(ClusterConfig cluster, String instanceName) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setInstanceName(instanceName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(cluster.heartbeatIntervalSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.maxNoHeartbeatSeconds()));
    // a home mesh has a handful of members: small thread pools keep an idle node light
    config.setProperty("hazelcast.partition.count", "31");
    config.setProperty("hazelcast.operation.thread.count", "2");
    config.setProperty("hazelcast.operation.generic.thread.count", "1");
    // Not 1: while a member is frozen (SIGSTOP, hung machine) its kernel still accepts connections, and the
    // master's split-brain probe to it makes Hazelcast 5.6 spin an IO output thread (hazelcast#26473). With a
    // single output thread that starved every heartbeat this member sent: the others dropped it too (seen in
    // FrozenNodeIT). Three output threads, rebalanced every 2 s, keep heartbeats to live members flowing.
    config.setProperty("hazelcast.io.thread.count", String.valueOf(IO_THREADS));
    config.setProperty("hazelcast.io.balancer.interval.seconds", String.valueOf(IO_BALANCER_INTERVAL_SECONDS));
    config.setProperty("hazelcast.event.thread.count", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    network(config.getNetworkConfig(), cluster);
    vertxStructures(config);
    return config;
  }

  private static void network(NetworkConfig network, ClusterConfig cluster) {
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    network.setPublicAddress(cluster.host() + ":" + cluster.port());
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(cluster.multicast());
    join.getTcpIpConfig().setEnabled(!cluster.multicast());
    join.getTcpIpConfig().addMember(cluster.host() + ":" + cluster.port());
    cluster.members().forEach(member -> join.getTcpIpConfig().addMember(member));
  }

  private static void vertxStructures(Config config) {
    config.addMultiMapConfig(new MultiMapConfig(VERTX_SUBSCRIPTIONS)
        .setBackupCount(VERTX_BACKUP_COUNT)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    for (String map : VERTX_MAPS) {
      config.addMapConfig(new MapConfig(map).setBackupCount(VERTX_BACKUP_COUNT));
    }
    // a synchronous backup: put() returns once two members hold the task, so one death loses nothing.
    // When a frozen member comes back it merges into the larger side; what it wrote while cut off (a late
    // result of an attempt the others gave up on) must not replace their record: the larger side's entry stays.
    // The same for idempotency keys: after a split, the key the larger side gave out is the one that holds.
    for (String map : new String[] {ClusterTasks.MAP_NAME, KEYS_MAP}) {
      config.addMapConfig(new MapConfig(map).setBackupCount(1).setAsyncBackupCount(0)
          .setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(),
              MergePolicyConfig.DEFAULT_BATCH_SIZE)));
    }
  }
}
