package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.inference.StopSignal;
import dev.mesh.node.remote.RemoteFailure.Kind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * HTTP to one remote engine: JSON in, JSON or a stream of lines out, every failure mapped onto a
 * {@link RemoteFailure} kind. A call times out after {@code timeoutMs} without a byte (a slow first token, a stream
 * that stalls), not after a total: a long answer that keeps coming is fine.
 */
final class RemoteHttp {
  /** An error body is read for its message, up to this much; a JSON reply up to the next. */
  private static final int MAX_ERROR_BYTES = 4096;
  private static final int MAX_REPLY_BYTES = 32 * 1024 * 1024;
  private static final int MAX_LINE_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  /** Where every call is made and its response paused: the node's own context when built there. */
  private final Context context;
  private final String remote;
  private final URI base;
  private final Optional<String> apiKey;
  private final long timeoutMs;

  RemoteHttp(Vertx vertx, String remote, URI base, Optional<String> apiKey, long timeoutMs) {
    this.remote = remote;
    this.base = base;
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
    this.context = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(timeoutMs, 10_000))
        .setKeepAlive(true));
  }

  Future<JsonNode> getJson(String path) {
    return call(HttpMethod.GET, path, null, StopSignal.none()).compose(this::jsonBody);
  }

  Future<JsonNode> postJson(String path, JsonNode body) {
    return call(HttpMethod.POST, path, body, StopSignal.none()).compose(this::jsonBody);
  }

  /**
   * POSTs and hands each line of the answer to {@code onLine} as it comes; fails if the stream breaks off, or when
   * {@code stop} resets the request.
   */
  Future<Void> postLines(String path, JsonNode body, StopSignal stop, Consumer<String> onLine) {
    return call(HttpMethod.POST, path, body, stop).compose(response -> {
      Promise<Void> done = Promise.promise();
      RecordParser lines = RecordParser.newDelimited("\n", line -> {
        try {
          onLine.accept(line.toString().strip());
        } catch (RuntimeException e) {
          done.tryFail(e);
          response.request().reset();
        }
      }).maxRecordSize(MAX_LINE_BYTES);
      read(response, done, buffer -> {
        try {
          lines.handle(buffer);
        } catch (IllegalStateException tooLong) {
          done.tryFail(failure(Kind.BAD_REPLY, "a line of its answer is over " + MAX_LINE_BYTES + " bytes"));
          response.request().reset();
        }
      }, v -> {
        lines.handle(Buffer.buffer("\n")); // a last line without its newline is a line too
        done.tryComplete();
      });
      return done.future();
    });
  }

  private Future<HttpClientResponse> call(HttpMethod method, String path, JsonNode body, StopSignal stop) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base.toString() + path)
        .setIdleTimeout(timeoutMs).putHeader("accept", "application/json, application/x-ndjson, text/event-stream");
    apiKey.ifPresent(key -> options.putHeader("authorization", "Bearer " + key));
    Buffer payload;
    try {
      payload = body == null ? null : Buffer.buffer(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      return Future.failedFuture(failure(Kind.REJECTED, "cannot encode the request: " + e.getMessage()));
    }
    if (payload != null) {
      options.putHeader("content-type", "application/json");
    }
    // built on one context, so the response is paused before any of its body can be handled there
    Promise<HttpClientResponse> head = Promise.promise();
    context.runOnContext(v -> http.request(options)
        .compose(request -> {
          stop.arm(() -> context.runOnContext(reset -> request.reset())); // the remote stops when its stream is cut
          return payload == null ? request.send() : request.send(payload);
        })
        .recover(e -> Future.failedFuture(unreached(e)))
        .map(this::idleFromHead)
        .onComplete(head));
    return head.future().compose(this::acceptable);
  }

  /**
   * Vert.x stops a request's idle timeout at the response's head: armed again, a body that stalls times out too.
   * Paused until its reader is set: a caller off the event loop (a test's thread) may attach it after a small
   * body has already ended, and the body would be lost ("Response already ended", seen under load). Runs on
   * {@link #context}, before any event of the response can.
   */
  private HttpClientResponse idleFromHead(HttpClientResponse response) {
    response.pause();
    response.request().idleTimeout(timeoutMs);
    return response;
  }

  /** A 2xx passes; anything else becomes the failure its status means, with the remote's own words. */
  private Future<HttpClientResponse> acceptable(HttpClientResponse response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(response);
    }
    Duration retryAfter = RetryAfter.parse(response.getHeader("retry-after")).orElse(null);
    Future<Buffer> whole = response.body();
    response.resume();
    return whole.otherwiseEmpty().map(body -> {
      String said = ErrorText.of(body, MAX_ERROR_BYTES, apiKey);
      String message = remote + " answered HTTP " + status + (said.isEmpty() ? "" : ": " + said);
      Kind kind = status == 429 ? Kind.RATE_LIMITED : status >= 500 ? Kind.SERVER_ERROR
          : status == 401 || status == 403 ? Kind.UNAUTHORIZED : Kind.REJECTED;
      throw new RemoteFailure(kind, message, status, retryAfter);
    });
  }

  private Future<JsonNode> jsonBody(HttpClientResponse response) {
    Promise<Buffer> whole = Promise.promise();
    Buffer body = Buffer.buffer();
    read(response, whole, chunk -> {
      if (body.length() + chunk.length() > MAX_REPLY_BYTES) {
        whole.tryFail(failure(Kind.BAD_REPLY, "its answer is over " + MAX_REPLY_BYTES + " bytes"));
        response.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    }, v -> whole.tryComplete(body));
    return whole.future().map(this::parse);
  }

  /**
   * Reads a response paused since its head: each piece to {@code onChunk}, its end to {@code onEnd}, a break to
   * {@code outcome}; resumed once its reader is set. Vert.x ends a paused response whose connection goes, and setting
   * a reader then throws ("Response already ended"); a normal end waits behind the paused body, so that is a stream
   * that broke off — seen when a remote wrote one piece and hung up at once.
   */
  private void read(HttpClientResponse response, Promise<?> outcome, Handler<Buffer> onChunk, Handler<Void> onEnd) {
    try {
      response.handler(onChunk);
      response.exceptionHandler(e -> outcome.tryFail(broken(e)));
      response.endHandler(onEnd);
    } catch (IllegalStateException ended) {
      outcome.tryFail(failure(Kind.BROKEN_STREAM, "its answer broke off before it could be read ("
          + ended.getMessage() + ")"));
      return;
    }
    response.resume();
  }

  JsonNode parse(Buffer body) {
    try {
      JsonNode node = JSON.readTree(body.getBytes());
      if (node == null || !node.isObject()) {
        throw failure(Kind.BAD_REPLY, "its answer is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw failure(Kind.BAD_REPLY, "its answer is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** The error a remote sent in its stream instead of the rest of its answer, in its words as from an error body. */
  RemoteFailure failedMidAnswer(JsonNode chunk) {
    return failure(Kind.SERVER_ERROR, "it failed mid-answer: "
        + ErrorText.of(Buffer.buffer(chunk.toString()), MAX_LINE_BYTES, apiKey));
  }

  RemoteFailure failure(Kind kind, String what) {
    return new RemoteFailure(kind, remote + ": " + what);
  }

  private RemoteFailure unreached(Throwable e) {
    if (e instanceof RemoteFailure f) {
      return f;
    }
    if (e instanceof TimeoutException) {
      return failure(Kind.TIMEOUT, "no answer within " + timeoutMs + " ms");
    }
    return failure(Kind.UNREACHABLE, "cannot reach " + where() + " (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
  }

  private RemoteFailure broken(Throwable e) {
    if (e instanceof TimeoutException) {
      return failure(Kind.TIMEOUT, "its answer stalled for " + timeoutMs + " ms");
    }
    return failure(Kind.BROKEN_STREAM, "its answer broke off (" + e.getClass().getSimpleName() + ")");
  }

  /** Scheme, host and port only: a URL's user info may hold a password. */
  private String where() {
    return base.getScheme() + "://" + base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
  }

  Future<Void> close() {
    return http.close();
  }
}
