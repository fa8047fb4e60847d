package dev.mesh.node.events;

import io.vertx.core.http.HttpServerResponse;

/**
 * Newline-delimited JSON on one response (Ollama's streaming): headers with the first line (so a caller may set
 * more before), one JSON object per line, nothing written once the client has gone or the stream ended.
 */
public final class NdjsonWriter {
  private final HttpServerResponse response;
  private boolean ended;

  public NdjsonWriter(HttpServerResponse response) {
    this.response = response;
  }

  /** Whether the headers went out already (errors after that travel as a line, not as a status). */
  public boolean started() {
    return response.headWritten();
  }

  /** One line; {@code json} must be a single-line JSON value (Jackson writes no raw newlines). */
  public void send(String json) {
    if (ended || response.closed() || response.ended()) {
      return;
    }
    start();
    response.write(json + "\n");
  }

  /** Ends the stream (idempotent). */
  public void end() {
    if (!ended && !response.closed() && !response.ended()) {
      start();
      response.end();
    }
    ended = true;
  }

  private void start() {
    if (!response.headWritten()) {
      response.setStatusCode(200).setChunked(true).putHeader("content-type", "application/x-ndjson")
          .putHeader("cache-control", "no-cache");
    }
  }
}
