package dev.mesh.node.faults;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The proxy's own answers, {@code {"error":"..."}}: the shape Ollama uses, and one any client can print. */
final class JsonError {
  private JsonError() {}

  static void send(HttpServerResponse response, int status, String message) {
    if (response.closed() || response.headWritten()) {
      return; // the client left, or a relayed response has begun: nothing sensible can be said any more
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }
}
