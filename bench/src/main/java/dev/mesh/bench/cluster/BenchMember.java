package dev.mesh.bench.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.mesh.bench.process.Ports;
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.MeshSecurity;
import dev.mesh.node.security.SealedBus;
import dev.mesh.protocol.seal.Opening;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This JVM as a plain clustered Vert.x member of a mesh's cluster: the raw event-bus baseline. Same cluster
 * name and TCP/IP member list as the nodes, multicast off, bound to 127.0.0.1 on a free port. A Hazelcast lite
 * member: it owns no partitions, so the mesh's task map stays on the nodes, as without the bench.
 */
public final class BenchMember implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  /** Must equal the nodes' (HazelcastConfigFactory): members with another partition count are refused. */
  private static final String PARTITION_COUNT = "31";
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] PING = "ping".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  private BenchMember(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  public static BenchMember join(String clusterName, List<String> members, Duration timeout) throws Exception {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(clusterName, members));
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(HOST).setPort(0));
    Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return new BenchMember(vertx, manager);
  }

  private static Config hazelcastConfig(String clusterName, List<String> members) {
    Config config = new Config().setClusterName(clusterName).setInstanceName("mesh-bench-" + clusterName).setLiteMember(true);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.partition.count", PARTITION_COUNT);
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    int port = Ports.free();
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(HOST + ":" + port);
    network.getInterfaces().setEnabled(true).addInterface(HOST);
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return config;
  }

  /** The raw round trip: a request to the node's {@code mesh.node.<advertId>.ping}, which replies at once. */
  public Future<Object> ping(String advertId) {
    return SealedBus.of(vertx).request("mesh.node." + advertId + ".ping", PING,
        new DeliveryOptions().setSendTimeout(PING_TIMEOUT.toMillis()), Kind.PING_REPLY).map(Opening.Opened::text);
  }

  /**
   * Seals what this member sends with the mesh's key, as a node does (the raw baseline of a keyed mesh pays the
   * sealing too); call before the first ping.
   */
  public void sealWith(MeshSecurity security) {
    SealedBus.install(vertx, security);
  }

  /** One ping, waited for; returns its round-trip time in nanoseconds. */
  public long timePing(String advertId) throws Exception {
    long start = System.nanoTime();
    ping(advertId).toCompletionStage().toCompletableFuture().get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return System.nanoTime() - start;
  }

  /** The cluster's Hazelcast: the bench times the same map operations the nodes make. */
  public HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }

  /** Leaves the cluster; a slow or failed leave is said on stderr, never a benchmark's failure. */
  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      System.err.println("bench: leaving the cluster: " + e);
    }
  }
}
