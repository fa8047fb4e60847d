package dev.mesh.node.faults;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

/**
 * One request carried to the target and its response carried back chunk by chunk as it arrives, so a token stream
 * stays a stream; optionally cut after its first chunk. Runs on the event loop of the client's connection.
 */
final class Exchange {
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final String target;
  private final boolean cutAfterFirstChunk;
  private HttpClientRequest upstream;
  private boolean cutting;

  private Exchange(HttpServerRequest request, String target, boolean cutAfterFirstChunk) {
    this.request = request;
    this.response = request.response();
    this.target = target;
    this.cutAfterFirstChunk = cutAfterFirstChunk;
  }

  /** Sends {@code body} (read whole beforehand: LLM requests are small) and relays what the target answers. */
  static void run(HttpClient client, String host, int port, HttpServerRequest request, Buffer body,
      boolean cutAfterFirstChunk, ProxyCounts counts) {
    Exchange exchange = new Exchange(request, host + ":" + port, cutAfterFirstChunk);
    // Host names the target now; Content-Length is the buffered body's; Expect was answered by this server already
    RequestOptions options = new RequestOptions()
        .setMethod(request.method()).setHost(host).setPort(port).setURI(request.uri())
        .setHeaders(EndToEndHeaders.of(request.headers(), "host", "content-length", "expect"));
    client.request(options)
        .onSuccess(upstream -> {
          counts.countForwarded();
          exchange.send(upstream, body);
        })
        .onFailure(exchange::failed);
  }

  private void send(HttpClientRequest to, Buffer body) {
    upstream = to;
    // a client that leaves stops the generation it asked for, as it would without the proxy in between
    response.closeHandler(v -> upstream.reset());
    to.send(body)
        .onSuccess(this::relay)
        .onFailure(this::failed);
  }

  private void relay(HttpClientResponse from) {
    response.setStatusCode(from.statusCode()).setStatusMessage(from.statusMessage());
    response.headers().setAll(EndToEndHeaders.of(from.headers()));
    if (!response.headers().contains("content-length") && carriesBody(from.statusCode())) {
      response.setChunked(true); // the length is unknown until the stream ends: chunked, as the target sent it
    }
    from.handler(chunk -> onChunk(from, chunk));
    from.endHandler(v -> {
      if (cutAfterFirstChunk) {
        cut(); // no chunk at all: the cut comes where the end would have
      } else {
        response.end();
      }
    });
    // the target broke mid-stream: the client must see a break too, never a clean end
    from.exceptionHandler(e -> cut());
  }

  private void onChunk(HttpClientResponse from, Buffer chunk) {
    if (cutting) {
      return;
    }
    if (cutAfterFirstChunk) {
      cutting = true;
      response.write(chunk).onComplete(written -> cut()); // once the chunk is on the wire, not before
      return;
    }
    response.write(chunk);
    if (response.writeQueueFull()) { // a slow reader slows the target down instead of filling memory here
      from.pause();
      response.drainHandler(v -> from.resume());
    }
  }

  private void cut() {
    response.reset(); // over HTTP/1.x: the connection closes, and a chunked body is left without its last chunk
    upstream.reset();
  }

  private boolean carriesBody(int status) {
    return request.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }

  private void failed(Throwable e) {
    if (response.headWritten()) {
      response.reset();
    } else {
      JsonError.send(response, 502, "proxy: target " + target + " unreachable: " + e.getMessage());
    }
  }
}
