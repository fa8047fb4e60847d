package dev.mesh.node.faults;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP reverse proxy on 127.0.0.1 in front of one target (an Ollama- or OpenAI-compatible server), which breaks
 * requests on demand with a {@link Fault}: tests, the demo and the benchmarks put it between a node and its remote.
 * Every method may be called from any thread.
 */
public final class FaultProxy {
  public static final int RETRY_AFTER_SECONDS_DEFAULT = 2;
  public static final long SLOW_DELAY_MS_DEFAULT = 30_000;
  private static final String TARGET_HOST = "127.0.0.1";
  // streams last seconds each and a benchmark runs many at once: Vert.x's default pool of 5 would queue them here
  private static final int TARGET_CONNECTIONS_MAX = 256;
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  private final Vertx vertx;
  private final int targetPort;
  private final HttpClientAgent client;
  private final PortSwitch ports;
  private final ProxyCounts counts = new ProxyCounts();
  /** System.nanoTime() of the first request broken by the current fault; null until one is. */
  private final AtomicReference<Long> firstFaultAt = new AtomicReference<>();
  private volatile Fault fault = Fault.PASS;
  private volatile int retryAfterSeconds = RETRY_AFTER_SECONDS_DEFAULT;
  private volatile long slowDelayMs = SLOW_DELAY_MS_DEFAULT;
  private boolean closed; // guarded by this

  private FaultProxy(Vertx vertx, int listenPort, int targetPort) {
    this.vertx = vertx;
    this.targetPort = targetPort;
    this.client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(TARGET_CONNECTIONS_MAX));
    this.ports = new PortSwitch(vertx, listenPort, this::handle);
  }

  /** Listens on {@code listenPort} (0: a free one, see {@link #port()}) and forwards to 127.0.0.1:targetPort. */
  public static Future<FaultProxy> start(Vertx vertx, int listenPort, int targetPort) {
    Objects.requireNonNull(vertx, "vertx");
    if (listenPort < 0 || listenPort > 65_535) {
      throw new IllegalArgumentException("listenPort must be 0 (any free port) to 65535, was " + listenPort);
    }
    if (targetPort < 1 || targetPort > 65_535) {
      throw new IllegalArgumentException("targetPort must be 1 to 65535, was " + targetPort);
    }
    FaultProxy proxy = new FaultProxy(vertx, listenPort, targetPort);
    return proxy.ports.listening(true).onFailure(e -> proxy.client.close()).map(proxy);
  }

  /** Completes once the proxy listens, or no longer does ({@link Fault#REFUSE}), as {@code next} asks. */
  public synchronized Future<Void> set(Fault next) {
    Objects.requireNonNull(next, "fault");
    if (closed) {
      return Future.failedFuture(new IllegalStateException("fault proxy on port " + port() + " is closed"));
    }
    fault = next;
    firstFaultAt.set(null);
    LOG.info("fault proxy {} -> {}: {}", port(), targetPort, next);
    return ports.listening(next != Fault.REFUSE);
  }

  public Fault fault() {
    return fault;
  }

  public void retryAfterSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be 0 or more, was " + seconds);
    }
    retryAfterSeconds = seconds;
  }

  public void slowDelayMs(long delayMs) {
    if (delayMs < 0) {
      throw new IllegalArgumentException("slowDelayMs must be 0 or more, was " + delayMs);
    }
    slowDelayMs = delayMs;
  }

  /** The port it listens on: the same one again after {@link Fault#REFUSE}. */
  public int port() {
    return ports.port();
  }

  /** Requests that reached the proxy while it listened, whatever the fault. */
  public long requests() {
    return counts.requests();
  }

  /** Requests whose path starts with {@code pathPrefix}. */
  public long requests(String pathPrefix) {
    return counts.requests(Objects.requireNonNull(pathPrefix, "pathPrefix"));
  }

  /** Requests sent on to the target. */
  public long forwarded() {
    return counts.forwarded();
  }

  /**
   * {@link System#nanoTime()} when the proxy first answered a request with a fault of its own (503, 429, or a
   * connection cut in {@link Fault#REFUSE}) since the fault was last set: where a failover timed by a benchmark
   * starts. Empty before that, and for faults whose failure is the client's (a refused connect, a timeout, a cut
   * stream).
   */
  public OptionalLong firstFaultNanos() {
    Long at = firstFaultAt.get();
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  public void resetCounts() {
    counts.reset();
  }

  public synchronized Future<Void> close() {
    closed = true;
    return ports.listening(false).transform(ignored -> client.close());
  }

  private void handle(HttpServerRequest request) {
    Fault now = fault;
    if (now != Fault.REFUSE) {
      counts.countRequest(request.path());
    }
    switch (now) {
      case REFUSE -> {
        request.connection().close(); // came between set(REFUSE) and the unbind: cut like the rest
        faulted();
      }
      case UNAVAILABLE -> {
        JsonError.send(request.response(), 503, "injected: service unavailable");
        faulted();
      }
      case TOO_MANY_REQUESTS -> {
        request.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        JsonError.send(request.response(), 429, "injected: too many requests");
        faulted();
      }
      case SLOW -> hold(request, slowDelayMs);
      case PASS, RESET_MID_STREAM -> request.body().onSuccess(body -> forward(request, body, now));
    }
  }

  private void faulted() {
    firstFaultAt.compareAndSet(null, System.nanoTime());
  }

  private void hold(HttpServerRequest request, long delayMs) {
    Future<Buffer> body = request.body(); // read now: unread, its bytes would be dropped while the request waits
    vertx.setTimer(delayMs, t -> {
      if (!request.response().closed()) { // a client that timed out has left: the target never hears of it
        body.onSuccess(b -> forward(request, b, Fault.PASS));
      }
    });
  }

  private void forward(HttpServerRequest request, Buffer body, Fault now) {
    Exchange.run(client, TARGET_HOST, targetPort, request, body, now == Fault.RESET_MID_STREAM, counts);
  }
}
