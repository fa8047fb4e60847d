package dev.mesh.node.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.config.Config;
import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.cluster.HazelcastConfigFactory;
import dev.mesh.node.config.ClusterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.CompletableFuture;

/**
 * A stale advert on demand: joins a {@link MeshCluster} as a Hazelcast lite member (it holds no
 * data) and re-publishes a real node's adverts with a change — say, a model the node does not serve —
 * a few sequence numbers ahead of the node's own, so every node believes the forgery. The node
 * itself, asked to run what it was chosen for, finds it cannot: its re-check and routing on are real.
 * It is also the stranger on the LAN: it knows only the cluster's name and the members' addresses (no mesh key),
 * and tries what such a member can — read the cluster's maps, change or delete their entries, publish, send and
 * replay on the event bus.
 */
public final class AdvertForger implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Forged sequence = real + this: a burst of real adverts (load changes) cannot overtake a forgery. */
  private static final long AHEAD = 5;
  /** Header on forged adverts, so the forger does not forge its own (nodes ignore headers). */
  private static final String FORGED = "forged";

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final Map<String, List<Consumer<ObjectNode>>> changes = new ConcurrentHashMap<>();

  private AdvertForger(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
    vertx.eventBus().<Object>consumer(Addresses.ADVERTS, message -> {
      if (!changes.isEmpty() && message.body() instanceof Buffer body && !message.headers().contains(FORGED)) {
        forge(body);
      }
    });
  }

  public static AdvertForger join(MeshCluster mesh) throws Exception {
    ClusterConfig cluster = new ClusterConfig(true, mesh.name(), "127.0.0.1", NodeProcess.freePort(), mesh.members(),
        false, 0, 0, 1, 5);
    Config hazelcast = HazelcastConfigFactory.build(cluster, "it-forger").setLiteMember(true);
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    Vertx vertx = Vertx.builder().with(options).withClusterManager(manager)
        .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new AdvertForger(vertx, manager);
  }

  /** The cluster's Hazelcast as this member sees it: every map, readable and writable. */
  public HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }

  /** Publishes a body as it is (no seal: the stranger has no key). */
  public void publish(String address, Object body) {
    vertx.eventBus().publish(address, body);
  }

  /** Sends a request as it is; completes with the reply's body, or fails with the receiver's refusal. */
  public Object request(String address, Object body) throws Exception {
    return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(5000))
        .map(reply -> reply.body()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The next body published to {@code address}, exactly as it went over the wire (to replay it). */
  public Object capture(String address) throws Exception {
    CompletableFuture<Object> next = new CompletableFuture<>();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, m -> next.complete(m.body()));
    try {
      return next.get(10, TimeUnit.SECONDS);
    } finally {
      consumer.unregister();
    }
  }

  /** From the node's next advert on, every advert of {@code nodeName} is re-published with this change. */
  public void forge(String nodeName, Consumer<ObjectNode> change) {
    changes.computeIfAbsent(nodeName, k -> new CopyOnWriteArrayList<>()).add(change);
  }

  /** A change adding a model with this id, a copy of the node's first model, at the given speed. */
  public static Consumer<ObjectNode> phantomModel(String modelId, double tokensPerSecond) {
    return advert -> {
      ObjectNode model = advert.withArray("models").get(0).deepCopy();
      model.put("id", modelId).put("prefillTokensPerSecond", tokensPerSecond)
          .put("decodeTokensPerSecond", tokensPerSecond);
      advert.withArray("models").add(model);
    };
  }

  private void forge(Buffer body) {
    try {
      ObjectNode advert = (ObjectNode) JSON.readTree(body.getBytes());
      List<Consumer<ObjectNode>> toApply = changes.get(advert.path("name").asText());
      long sequence = advert.path("sequence").asLong();
      if (toApply == null) {
        return;
      }
      toApply.forEach(change -> change.accept(advert));
      advert.put("sequence", sequence + AHEAD);
      vertx.eventBus().publish(Addresses.ADVERTS, Buffer.buffer(JSON.writeValueAsBytes(advert)),
          new DeliveryOptions().addHeader(FORGED, "true"));
    } catch (IOException | RuntimeException e) {
      System.out.println("forger: cannot forge an advert: " + e);
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
