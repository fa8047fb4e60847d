package dev.mesh.node.security;

import dev.mesh.protocol.seal.Opening;
import dev.mesh.protocol.seal.ReplayWindow;
import dev.mesh.protocol.seal.Sealing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;

/**
 * The event bus with every body sealed for its address (a reply for its request's) and opened on arrival: what fails
 * to open never reaches a handler — a request is answered with {@value #UNTRUSTED} so a node with the wrong key
 * learns it at once. Without a mesh key, bodies pass as they are.
 */
public final class SealedBus {
  /** The failure code a request that failed to open is answered with. */
  public static final int UNTRUSTED = 401;

  /**
   * The bus of each Vert.x instance (one per node; tests run several in one JVM). A lookup rather than a constructor
   * argument: everything that sends or follows on the bus — runners, streams, routes — gets it from the Vert.x
   * instance it already has.
   */
  private static final Map<Vertx, SealedBus> BUSES = Collections.synchronizedMap(new WeakHashMap<>());

  private final Vertx vertx;
  private final MeshSecurity security;
  private final Sealing sealing;
  private final UntrustedLog untrusted;
  /** Replies to this node's requests: each reaches one handler, so one window serves them all. */
  private final ReplayWindow replies = new ReplayWindow();

  private SealedBus(Vertx vertx, MeshSecurity security) {
    this.vertx = vertx;
    this.security = security;
    this.sealing = security.sealing();
    this.untrusted = security.untrusted();
  }

  /** Makes {@code security} the sealing of everything sent on this Vert.x instance's bus; call before any is. */
  public static SealedBus install(Vertx vertx, MeshSecurity security) {
    SealedBus bus = new SealedBus(vertx, security);
    BUSES.put(vertx, bus);
    return bus;
  }

  /** The bus of this Vert.x instance; without a mesh key unless one was installed. */
  public static SealedBus of(Vertx vertx) {
    return BUSES.computeIfAbsent(vertx, v -> new SealedBus(v, MeshSecurity.off(Clock.systemUTC())));
  }

  public MeshSecurity security() {
    return security;
  }

  public void publish(String address, byte[] payload) {
    vertx.eventBus().publish(address, Buffer.buffer(sealing.seal(address, payload)));
  }

  /** Handles every message to {@code address} that opens; {@code kind} labels those that don't. */
  public MessageConsumer<Buffer> consumer(String address, Kind kind, BiConsumer<Message<Buffer>, Opening.Opened> handler) {
    ReplayWindow seen = new ReplayWindow(); // this handler's: a message published to two handlers is new to each
    return vertx.eventBus().<Buffer>consumer(address, message -> {
      Opening opening = firstSight(seen, openBody(address, message.body()));
      if (opening instanceof Opening.Opened opened) {
        handler.accept(message, opened);
      } else {
        untrusted.refused(kind, address, (Opening.Refused) opening);
        if (message.replyAddress() != null) {
          message.fail(UNTRUSTED, "not sealed with this mesh's key");
        }
      }
    });
  }

  /** Sends a request; its reply is opened, and one that does not open fails the request. */
  public Future<Opening.Opened> request(String address, byte[] payload, DeliveryOptions options, Kind replyKind) {
    String replyContext = replyContext(address);
    return vertx.eventBus().<Buffer>request(address, Buffer.buffer(sealing.seal(address, payload)), options)
        .compose(reply -> {
          Opening opening = firstSight(replies, openBody(replyContext, reply.body()));
          if (opening instanceof Opening.Opened opened) {
            return Future.succeededFuture(opened);
          }
          untrusted.refused(replyKind, replyContext, (Opening.Refused) opening);
          return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, UNTRUSTED,
              "the reply from " + address + " is not sealed with this mesh's key"));
        });
  }

  /** Answers a request that arrived through {@link #consumer}. */
  public void reply(Message<Buffer> request, byte[] payload) {
    request.reply(Buffer.buffer(sealing.seal(replyContext(request.address()), payload)));
  }

  /** A message opened that its receiver has seen before is a replay (without a key there is nothing to tell). */
  private Opening firstSight(ReplayWindow seen, Opening opening) {
    if (opening instanceof Opening.Opened opened && sealing.keyed()
        && !seen.firstSight(opened.sender(), opened.boot(), opened.sequence())) {
      return new Opening.Refused(Opening.Reason.REPLAYED, "from " + opened.sender() + ": message "
          + opened.sequence() + " seen before");
    }
    return opening;
  }

  private Opening openBody(String context, Object body) {
    if (!(body instanceof Buffer buffer)) {
      return new Opening.Refused(Opening.Reason.NOT_SEALED, "a body of type "
          + (body == null ? "none" : body.getClass().getSimpleName()) + ", not bytes");
    }
    return sealing.open(context, buffer.getBytes(), Sealing.Freshness.MESSAGE);
  }

  private static String replyContext(String requestAddress) {
    return requestAddress + "#reply";
  }
}
