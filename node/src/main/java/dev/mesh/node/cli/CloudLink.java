package dev.mesh.node.cli;

import ch.qos.logback.classic.Level;
import dev.mesh.node.faults.Fault;
import dev.mesh.node.faults.FaultProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The line from the macmini to the demo's cloud: a {@link FaultProxy} in this JVM, on a Vert.x of its own, that
 * the demo cuts and restores on real sockets.
 */
final class CloudLink implements AutoCloseable {
  private static final long PROXY_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final FaultProxy proxy;

  private CloudLink(Vertx vertx, FaultProxy proxy) {
    this.vertx = vertx;
    this.proxy = proxy;
  }

  /** Listens on 127.0.0.1:{@code port} and forwards to the cloud's HTTP port: the cloud is up. */
  static CloudLink open(int port, int cloudPort) throws IOException {
    if (LoggerFactory.getLogger(FaultProxy.class) instanceof ch.qos.logback.classic.Logger log) {
      log.setLevel(Level.WARN); // the demo says in its own words when the cloud goes down and comes back
    }
    Vertx vertx = Vertx.vertx();
    try {
      return new CloudLink(vertx, await(FaultProxy.start(vertx, port, cloudPort)));
    } catch (IOException e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * Cuts it. REFUSE rather than UNAVAILABLE: a cloud that is down for a household is mostly one it cannot reach at
   * all (the line cut, the provider gone), where nothing answers — not even a 503 — and the node learns it only from
   * refused connections: the harder case, and the one a household meets.
   */
  void cut() throws IOException {
    await(proxy.set(Fault.REFUSE));
  }

  /** Restores it: the proxy listens on the same port and forwards again. */
  void restore() throws IOException {
    await(proxy.set(Fault.PASS));
  }

  /** Closes the proxy with its Vert.x. */
  @Override
  public void close() throws IOException {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(PROXY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("fault proxy: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("fault proxy: no answer within " + PROXY_TIMEOUT_MS + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("fault proxy: interrupted", e);
    }
  }
}
