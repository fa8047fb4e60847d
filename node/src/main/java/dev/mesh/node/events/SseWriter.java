package dev.mesh.node.events;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-sent events on one response: headers when the first event goes out (so a caller may set more
 * before), a comment every {@link #KEEPALIVE_MS} so proxies and clients keep an idle stream open, and
 * nothing written once the client has gone or the stream ended.
 */
public final class SseWriter {
  static final long KEEPALIVE_MS = 15_000;
  private final Vertx vertx;
  private final HttpServerResponse response;
  private long keepalive = -1;
  private boolean ended;

  public SseWriter(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.response = response;
  }

  public HttpServerResponse response() {
    return response;
  }

  /** Whether the headers went out already (errors after that travel as events, not as a status). */
  public boolean started() {
    return response.headWritten();
  }

  /** {@code data: <json>} with an optional {@code event:} name. */
  public void send(String event, String json) {
    StringBuilder frame = new StringBuilder();
    if (event != null) {
      frame.append("event: ").append(event).append('\n');
    }
    // a JSON value written by Jackson has no raw newlines; split anyway, as SSE requires per line
    for (String line : json.split("\n", -1)) {
      frame.append("data: ").append(line).append('\n');
    }
    write(frame.append('\n').toString());
  }

  /** Ends the stream (idempotent). */
  public void end() {
    if (keepalive >= 0) {
      vertx.cancelTimer(keepalive);
      keepalive = -1;
    }
    if (!ended && !response.closed() && !response.ended()) {
      start();
      response.end();
    }
    ended = true;
  }

  private void write(String frame) {
    if (ended || response.closed() || response.ended()) {
      return;
    }
    start();
    response.write(frame);
  }

  private void start() {
    if (!response.headWritten()) {
      response.setStatusCode(200).setChunked(true)
          .putHeader("content-type", "text/event-stream; charset=utf-8")
          .putHeader("cache-control", "no-cache")
          .putHeader("x-accel-buffering", "no");
      keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> write(": keepalive\n\n"));
    }
  }
}
