package dev.mesh.node.jobs;

import dev.mesh.node.signing.Signature;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.json.MeshJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs an ended job to its callback URL, signed with its hook's secret like the deliveries that come in,
 * until the receiver answers 2xx: retries with exponential backoff ({@link #FIRST_RETRY}, doubling, at most
 * {@link #MAX_ATTEMPTS} tries). Every attempt is written to the job before the next is planned, and the next
 * is planned from the last one's time, so a node restarted between attempts carries on where it was.
 */
public final class CallbackSender {
  static final int MAX_ATTEMPTS = 8;
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
  private static final long TIMEOUT_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);

  private final Vertx vertx;
  private final JobStore jobs;
  private final TaskStore tasks;
  private final Function<String, Optional<Signature>> signatures;
  private final Clock clock;
  private final HttpClient http;

  /** @param signatures a hook's signature by hook name (empty: the hook is no longer configured) */
  public CallbackSender(Vertx vertx, JobStore jobs, TaskStore tasks, Function<String, Optional<Signature>> signatures,
      Clock clock) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.tasks = tasks;
    this.signatures = signatures;
    this.clock = clock;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MS));
  }

  /** Plans the job's next attempt: now for the first, else backoff after the last. */
  public void deliver(String jobId) {
    jobs.find(jobId).onSuccess(found -> found.filter(j -> j.callback() != null && j.callback().pending())
        .ifPresent(job -> {
          int tried = job.callback().attempts().size();
          Instant due = tried == 0 ? clock.instant() : job.callback().attempts().get(tried - 1).at().plus(backoff(tried));
          long waitMs = Math.max(1, Duration.between(clock.instant(), due).toMillis());
          vertx.setTimer(waitMs, t -> attempt(job));
        }));
  }

  /** Wait after the {@code failed}-th failed attempt: 1 s, 2 s, 4 s, ... at most {@link #LONGEST_WAIT}. */
  static Duration backoff(int failed) {
    long ms = FIRST_RETRY.toMillis() << Math.min(20, Math.max(0, failed - 1));
    return Duration.ofMillis(Math.min(ms, LONGEST_WAIT.toMillis()));
  }

  private void attempt(Job job) {
    Optional<Signature> signature = signatures.apply(job.hook());
    if (signature.isEmpty()) {
      String why = job.hook() == null ? "callbacks.secret is no longer set" : "hook '" + job.hook()
          + "' is no longer configured";
      record(job, new Job.Attempt(clock.instant(), null, why + ": no secret to sign with"), false, true);
      return;
    }
    JobRoutes.records(tasks, job)
        .compose(records -> {
          byte[] body;
          try {
            body = MeshJson.mapper().writeValueAsBytes(JobView.of(job, records));
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
          return post(job, signature.get(), body);
        })
        .onComplete(sent -> {
          int n = job.callback().attempts().size() + 1;
          Instant at = clock.instant();
          Job.Attempt attempt = sent.succeeded() ? new Job.Attempt(at, sent.result(), null)
              : new Job.Attempt(at, null, String.valueOf(sent.cause().getMessage()));
          boolean delivered = sent.succeeded() && sent.result() / 100 == 2;
          record(job, attempt, delivered, !delivered && n >= MAX_ATTEMPTS);
        });
  }

  private Future<Integer> post(Job job, Signature signature, byte[] body) {
    URI url = URI.create(job.callback().url());
    long timestamp = clock.instant().getEpochSecond();
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(port)
        .setSsl(tls).setURI(path).setTimeout(TIMEOUT_MS)
        .putHeader("content-type", "application/json")
        .putHeader(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .putHeader(Signature.DELIVERY_HEADER, job.id())
        .putHeader(Signature.SIGNATURE_HEADER, signature.sign(timestamp, job.id(), body))
        .putHeader("X-Mesh-Attempt", Integer.toString(job.callback().attempts().size() + 1));
    return http.request(options).compose(req -> req.send(Buffer.buffer(body))).map(resp -> resp.statusCode());
  }

  private void record(Job job, Job.Attempt attempt, boolean delivered, boolean gaveUp) {
    jobs.update(job.id(), j -> j.withCallback(j.callback().withAttempt(attempt, delivered, gaveUp)))
        .onSuccess(updated -> {
          if (delivered) {
            LOG.info("job {}: callback delivered to {} (attempt {})", job.id(), job.callback().url(),
                updated.callback().attempts().size());
          } else if (gaveUp) {
            LOG.warn("job {}: callback to {} given up after {} attempts; last: {}", job.id(), job.callback().url(),
                updated.callback().attempts().size(), describe(attempt));
          } else {
            LOG.info("job {}: callback attempt {} to {} failed ({}); next in {} s", job.id(),
                updated.callback().attempts().size(), job.callback().url(), describe(attempt),
                backoff(updated.callback().attempts().size()).toSeconds());
            deliver(job.id());
          }
        })
        .onFailure(e -> LOG.error("job {}: cannot record a callback attempt", job.id(), e));
  }

  private static String describe(Job.Attempt a) {
    return a.status() != null ? "HTTP " + a.status() : a.error();
  }
}
