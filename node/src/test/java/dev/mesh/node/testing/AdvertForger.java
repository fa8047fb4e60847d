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

/**
 * A stale advert on demand: joins a {@link MeshCluster} as a Hazelcast lite member (it holds no
 * data) and re-publishes a real node's adverts with a change — say, a model the node does not serve —
 * a few sequence numbers ahead of the node's own, so every node believes the forgery. The node
 * itself, asked to run what it was chosen for, finds it cannot: its re-check and routing on are real.
 */
public final class AdvertForger implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Forged sequence = real + this: a burst of real adverts (load changes) cannot overtake a forgery. */
  private static final long AHEAD = 5;
  /** Header on forged adverts, so the forger does not forge its own (nodes ignore headers). */
  private static final String FORGED = "forged";

  private final Vertx vertx;
  private final Map<String, List<Consumer<ObjectNode>>> changes = new ConcurrentHashMap<>();

  private AdvertForger(Vertx vertx) {
    this.vertx = vertx;
    vertx.eventBus().<Buffer>consumer(Addresses.ADVERTS, message -> {
      if (!message.headers().contains(FORGED)) {
        forge(message.body());
      }
    });
  }

  public static AdvertForger join(MeshCluster mesh) throws Exception {
    ClusterConfig cluster = new ClusterConfig(true, mesh.name(), "127.0.0.1", NodeProcess.freePort(), mesh.members(),
        false, 0, 0, 1, 5);
    Config hazelcast = HazelcastConfigFactory.build(cluster, "it-forger").setLiteMember(true);
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0));
    Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new AdvertForger(vertx);
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
