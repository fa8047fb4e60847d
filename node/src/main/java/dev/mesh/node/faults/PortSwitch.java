package dev.mesh.node.faults;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** An HTTP server on 127.0.0.1 that can stop listening and listen again on the same port, as a host that dies. */
final class PortSwitch {
  private static final String HOST = "127.0.0.1";
  private final Vertx vertx;
  private final Handler<HttpServerRequest> handler;
  private volatile int port;
  private volatile HttpServer server;
  private boolean wanted; // guarded by this
  private Future<Void> transitions = Future.succeededFuture(); // guarded by this: binds and unbinds, one at a time

  PortSwitch(Vertx vertx, int port, Handler<HttpServerRequest> handler) {
    this.vertx = vertx;
    this.port = port;
    this.handler = handler;
  }

  /** Completes once it listens, or no longer does; a no-op but for that if it already was so. */
  synchronized Future<Void> listening(boolean on) {
    if (on != wanted) {
      wanted = on;
      // chained, so off then on in quick succession unbinds the port before it binds it again
      transitions = transitions.transform(ignored -> on ? bind() : unbind());
    }
    return transitions;
  }

  int port() {
    return port;
  }

  private Future<Void> bind() {
    HttpServerOptions options = new HttpServerOptions()
        // HTTP/1.1 only, as Ollama and most LLM servers speak it: Vert.x would otherwise accept the h2c upgrade
        // java.net.http asks for, and a cut stream would be an HTTP/2 RST_STREAM, not a broken connection
        .setHttp2ClearTextEnabled(false)
        // curl sends Expect: 100-continue for bodies over 1 KB; answered here, since the body is read before forwarding
        .setHandle100ContinueAutomatically(true);
    return vertx.createHttpServer(options).requestHandler(handler).listen(port, HOST)
        .onSuccess(bound -> {
          port = bound.actualPort(); // 0 becomes the port it got, which off then on binds again
          server = bound;
        })
        .mapEmpty();
  }

  private Future<Void> unbind() {
    HttpServer listening = server;
    server = null;
    // close, not a graceful shutdown: the connections open through it are cut at once, as a dead host cuts them
    return listening == null ? Future.succeededFuture() : listening.close();
  }
}
