package dev.mesh.node.cluster;

import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import io.vertx.core.Vertx;
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.SealedBus;
import dev.mesh.protocol.seal.Opening;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's advert (at start, on every change, and on a heartbeat) and files every
 * advert it hears in the {@link AdvertBook}. A node that joins says hello and everyone answers at once,
 * so it can route before the next heartbeat.
 */
public final class AdvertExchange {
  private static final Logger LOG = LoggerFactory.getLogger(AdvertExchange.class);
  /** Adverts carry live RAM and load: a second keeps routing current at negligible traffic. */
  public static final long HEARTBEAT_MS = 1000;
  /**
   * Load changes with every task's start and end: under load that was two adverts a task, each built, sealed, sent
   * to every node and read there — the largest share of a node's CPU per task in a profile (bench/run throughput,
   * JFR). At most one advert per this gap carries them; what a node sent others meanwhile, its dispatcher counts
   * itself until their next advert shows it.
   */
  static final long LOAD_ADVERT_GAP_MS = 100;

  private final Vertx vertx;
  private final AdvertBook book;
  private final Supplier<NodeAdvert> self;
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
  private long timer = -1;
  private long lastPublishedNanos;
  private boolean published;
  private boolean loadAdvertDue;
  private final java.util.List<java.util.function.Consumer<NodeAdvert>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

  public AdvertExchange(Vertx vertx, AdvertBook book, Supplier<NodeAdvert> self) {
    this.vertx = vertx;
    this.book = book;
    this.self = self;
  }

  /** Told of every advert heard over the event bus and kept (a newer one than known), this node's own included. */
  public void onAdvert(java.util.function.Consumer<NodeAdvert> listener) {
    heard.add(listener);
  }

  public void start() {
    SealedBus bus = SealedBus.of(vertx);
    bus.consumer(Addresses.ADVERTS, Kind.ADVERT, this::onAdvert);
    bus.consumer(Addresses.ADVERTS_HELLO, Kind.HELLO, (hello, opened) -> publish());
    timer = vertx.setPeriodic(HEARTBEAT_MS, t -> publish());
    bus.publish(Addresses.ADVERTS_HELLO, HELLO);
    publish();
  }

  /**
   * Sends this node's advert soon after its load changed: at once if none went out in the last
   * {@link #LOAD_ADVERT_GAP_MS}, else once that gap is over (one for all the changes meanwhile). Call on the node's
   * context.
   */
  public void publishSoon() {
    if (loadAdvertDue) {
      return;
    }
    long sinceLast = (System.nanoTime() - lastPublishedNanos) / 1_000_000;
    if (!published || sinceLast >= LOAD_ADVERT_GAP_MS) {
      publish();
      return;
    }
    loadAdvertDue = true;
    vertx.setTimer(LOAD_ADVERT_GAP_MS - sinceLast, t -> {
      loadAdvertDue = false;
      publish();
    });
  }

  /** Sends this node's current advert to every node, this one included. */
  public void publish() {
    published = true;
    lastPublishedNanos = System.nanoTime();
    NodeAdvert advert = self.get();
    book.offer(advert);
    try {
      SealedBus.of(vertx).publish(Addresses.ADVERTS, MeshJson.mapper().writeValueAsBytes(advert));
    } catch (IOException e) {
      LOG.error("cannot encode own advert", e);
    }
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void onAdvert(Message<Buffer> message, Opening.Opened opened) {
    try {
      NodeAdvert advert = MeshJson.mapper().readValue(opened.payload(), NodeAdvert.class);
      if (!opened.sender().equals(Opening.UNKNOWN_SENDER) && !opened.sender().equals(advert.name())) {
        // a node with the key may speak only for itself
        LOG.warn("ignoring an advert for node {} sealed by node {}", advert.name(), opened.sender());
        return;
      }
      if (book.offer(advert)) {
        heard.forEach(listener -> listener.accept(advert));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring an unreadable advert: {}", e.getMessage());
    }
  }
}
