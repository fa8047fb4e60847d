package dev.mesh.node.http;

import dev.mesh.node.dispatch.Rejection;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.json.MeshJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error leaves the node as {@code {"error":{"code","message","field"}}} with a fitting status. */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  static void send(RoutingContext ctx, int status, ApiError error) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json");
    try {
      ctx.response().end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(body)));
    } catch (Exception e) {
      ctx.response().end("{\"error\":{\"code\":\"internal\",\"message\":\"cannot encode error\"}}");
    }
  }

  /** Maps whatever a handler failed with onto a status and an error body; logs only the unexpected. */
  public static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof Rejection r) {
      send(ctx, r.status(), r.error());
    } else if (failure instanceof ValidationException v) {
      send(ctx, ErrorCodes.httpStatus(v.toApiError().code()), v.toApiError());
    } else {
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, new ApiError("internal", "internal error: " + failure, null));
    }
  }

  /** The router's own failures (body too large, no route, wrong method) in our error format. */
  static void routerFailure(RoutingContext ctx) {
    if (ctx.failure() != null && !(ctx.statusCode() == 413)) {
      fail(ctx, ctx.failure());
      return;
    }
    switch (ctx.statusCode()) {
      case 413 -> send(ctx, 413, new ApiError("body_too_large", "request body exceeds the limit of this node", null));
      case 404 -> send(ctx, 404, new ApiError("not_found", "no such endpoint: " + ctx.request().path(), null));
      case 405 -> send(ctx, 405, new ApiError("method_not_allowed",
          ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
      default -> send(ctx, ctx.statusCode() < 400 ? 500 : ctx.statusCode(),
          new ApiError("internal", "request failed with status " + ctx.statusCode(), null));
    }
  }
}
