package dev.mesh.node.drain;

import dev.mesh.node.security.Kind;
import dev.mesh.node.security.SealedBus;
import io.vertx.core.buffer.Buffer;
import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.protocol.error.ErrorCodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.BiConsumer;

/**
 * {@code POST /cluster/nodes/{name}/drain} and {@code .../undrain} (admin role when keys are set), asked of any
 * node: this node applies it, another is told over the event bus. Answers the node's state afterwards.
 */
public final class DrainRoutes {
  private static final long FORWARD_TIMEOUT_MS = 5_000;
  private final Vertx vertx;
  private final DrainSwitch drain;
  private final String nodeName;
  private final Runnable changed;
  private final Clock clock;
  private final BiConsumer<RoutingContext, Throwable> fail;

  /** @param changed told after a change (the node republishes its advert at once) */
  public DrainRoutes(Vertx vertx, DrainSwitch drain, String nodeName, Runnable changed, Clock clock,
      BiConsumer<RoutingContext, Throwable> fail) {
    this.vertx = vertx;
    this.drain = drain;
    this.nodeName = nodeName;
    this.changed = changed;
    this.clock = clock;
    this.fail = fail;
  }

  public void mount(Router router) {
    router.post("/cluster/nodes/:name/drain").handler(ctx -> handle(ctx, true));
    router.post("/cluster/nodes/:name/undrain").handler(ctx -> handle(ctx, false));
    SealedBus.of(vertx).consumer(Addresses.control(nodeName), Kind.CONTROL, (message, opened) -> {
      JsonObject body = new JsonObject(Buffer.buffer(opened.payload()));
      boolean on = "drain".equals(body.getString("action"));
      apply(on, body.getString("by")).onSuccess(state -> SealedBus.of(vertx).reply(message, state.toBuffer().getBytes()))
          .onFailure(e -> message.fail(500, e.getMessage()));
    });
  }

  private void handle(RoutingContext ctx, boolean on) {
    String name = ctx.pathParam("name");
    String by = "by " + (ctx.get("mesh.apiKey") == null ? "an operator" : "key '" + ctx.get("mesh.apiKey") + "'")
        + " via " + nodeName;
    Future<JsonObject> done = nodeName.equals(name) ? apply(on, by)
        : SealedBus.of(vertx).request(Addresses.control(name),
            new JsonObject().put("action", on ? "drain" : "undrain").put("by", by).toBuffer().getBytes(),
            new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS), Kind.CONTROL_REPLY)
            .map(opened -> new JsonObject(Buffer.buffer(opened.payload())))
            .recover(e -> Future.failedFuture(e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                ? Rejection.notFound("no node named '" + name + "' answers on the event bus (a node that runs"
                    + " --no-cluster is drained on itself: POST /cluster/nodes/" + name + "/drain there)")
                : Rejection.of(ErrorCodes.ENGINE_UNAVAILABLE, "node '" + name + "' did not answer: " + e.getMessage(),
                    null)));
    done.onSuccess(state -> ctx.response().putHeader("content-type", "application/json").end(state.encode()))
        .onFailure(e -> fail.accept(ctx, e));
  }

  private Future<JsonObject> apply(boolean on, String by) {
    return vertx.executeBlocking(() -> {
      if (on && !drain.on()) {
        drain.drain("drained " + by + " at " + clock.instant());
      } else if (!on && drain.on()) {
        drain.undrain();
      }
      return new JsonObject().put("node", nodeName).put("state", drain.on() ? "draining" : "up")
          .put("stateReason", drain.reason());
    }, false).onSuccess(state -> changed.run());
  }
}
