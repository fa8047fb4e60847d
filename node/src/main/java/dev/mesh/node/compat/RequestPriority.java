package dev.mesh.node.compat;

import dev.mesh.node.dispatch.Rejection;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.Priority;
import io.vertx.core.http.HttpServerRequest;

/**
 * The class of a task that came in over the OpenAI or Ollama API: interactive — someone is waiting for the answer —
 * unless the request's {@code X-Mesh-Priority} header names another (a script that uses those APIs for bulk work
 * says {@code batch}). A header, not a body field: every client library of both APIs can add one.
 */
public final class RequestPriority {
  public static final String HEADER = "X-Mesh-Priority";

  private RequestPriority() {}

  /** @throws Rejection naming the header when it names no class */
  public static Priority of(HttpServerRequest request) {
    String named = request.getHeader(HEADER);
    if (named == null) {
      return Priority.INTERACTIVE;
    }
    try {
      return Priority.parse(named.trim());
    } catch (IllegalArgumentException e) {
      throw Rejection.of(ErrorCodes.INVALID_FIELD, HEADER + " must be one of " + Priority.WIRE_NAMES + ", was '"
          + named + "'", HEADER);
    }
  }
}
