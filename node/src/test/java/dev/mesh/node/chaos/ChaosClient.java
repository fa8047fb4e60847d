package dev.mesh.node.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.signing.Signature;
import dev.mesh.node.testing.NodeProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client as an agent would be: each task carries an idempotency key, goes to a node picked at random, and a
 * submit that times out or is refused for now (5xx, key in use) is sent again — with the same key — to another
 * node. Answers of any node for a key are collected: a second task id for one key is a broken promise.
 */
final class ChaosClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(4);
  private static final Duration GIVE_UP = Duration.ofSeconds(120);

  private final ChaosMesh mesh;
  private final ChaosSettings settings;
  /** key → the task ids nodes answered with. */
  final Map<String, Set<String>> idsByKey = new ConcurrentHashMap<>();
  /** key → why it was never accepted (client-side give-up), or a 4xx that should not happen. */
  final Map<String, String> refused = new ConcurrentHashMap<>();
  final AtomicInteger retries = new AtomicInteger();
  /** The webhook job's id (null if its acceptance was never seen), and how many deliveries were tried. */
  volatile String jobId;
  volatile String jobOutcome = "not sent";

  ChaosClient(ChaosMesh mesh, ChaosSettings settings) {
    this.mesh = mesh;
    this.settings = settings;
  }

  /**
   * Sends every task, spread evenly over the run's duration (so faults meet tasks in flight), and the webhook
   * job a third of the way in; returns when each was accepted or given up on.
   */
  void run() throws Exception {
    ExecutorService lanes = Executors.newFixedThreadPool(settings.lanes());
    long start = System.nanoTime();
    long spacingNanos = settings.duration().toNanos() / Math.max(1, settings.tasks());
    for (int i = 0; i < settings.tasks(); i++) {
      int n = i;
      long due = start + n * spacingNanos;
      lanes.submit(() -> {
        sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        submit(n, new Random(settings.seed() * 31 + n));
      });
      if (i == settings.tasks() / 3) {
        lanes.submit(() -> deliverJob(new Random(settings.seed() + 1)));
      }
    }
    lanes.shutdown();
    if (!lanes.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the chaos client did not finish in 10 minutes");
    }
  }

  static String key(long seed, int n) {
    return "chaos-" + seed + "-" + n;
  }

  private static String body(String key, int n) {
    String common = "\"idempotencyKey\":\"" + key + "\"";
    return switch (n % 5) {
      case 0, 1 -> "{\"kind\":\"embed\",\"input\":\"note " + n + "\"," + common + "}";
      case 2, 3 -> "{\"kind\":\"generate\",\"prompt\":\"Once upon a time " + n + "\",\"params\":{\"maxTokens\":64},"
          + common + "}";
      default -> "{\"kind\":\"classify\",\"prompt\":\"item " + n + "\",\"labels\":[\"relevant\",\"noise\"]," + common
          + "}";
    };
  }

  private void submit(int n, Random random) {
    String key = key(settings.seed(), n);
    String body = body(key, n);
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    int at = random.nextInt(ChaosMesh.NAMES.size());
    String last = "never tried";
    while (System.nanoTime() < deadline) {
      NodeProcess node = mesh.node(ChaosMesh.NAMES.get(at++ % ChaosMesh.NAMES.size()));
      try {
        HttpResponse<String> r = node.post("/v1/tasks", body, Map.of(), SUBMIT_TIMEOUT);
        if (r.statusCode() == 200 || r.statusCode() == 202) {
          idsByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(JSON.readTree(r.body()).path("id")
              .asText());
          return;
        }
        last = node.name() + ": " + r.statusCode() + " " + r.body();
        if (r.statusCode() >= 400 && r.statusCode() < 500 && r.statusCode() != 409) {
          refused.put(key, last); // the request is good: a 4xx other than 'key in use' is a bug
          return;
        }
      } catch (Exception e) { // timed out (frozen node), refused (killed node)
        last = node.name() + ": " + e;
      }
      retries.incrementAndGet();
      sleep(300);
    }
    refused.put(key, "gave up after " + GIVE_UP.toSeconds() + " s; last: " + last);
  }

  private void deliverJob(Random random) {
    StringBuilder items = new StringBuilder("{\"items\":[");
    for (int i = 0; i < settings.hookItems(); i++) {
      items.append(i == 0 ? "" : ",").append("{\"title\":\"item ").append(i).append("\"}");
    }
    String body = items.append("]}").toString();
    String delivery = "chaos-job-" + settings.seed();
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    int at = random.nextInt(ChaosMesh.NAMES.size());
    while (System.nanoTime() < deadline) {
      NodeProcess node = mesh.node(ChaosMesh.NAMES.get(at++ % ChaosMesh.NAMES.size()));
      long now = Instant.now().getEpochSecond();
      String signature = new Signature(ChaosMesh.HOOK_SECRET).sign(now, delivery, body.getBytes(StandardCharsets.UTF_8));
      try {
        HttpResponse<String> r = node.post("/hooks/" + ChaosMesh.HOOK, body, Map.of(Signature.TIMESTAMP_HEADER,
            Long.toString(now), Signature.DELIVERY_HEADER, delivery, Signature.SIGNATURE_HEADER, signature),
            SUBMIT_TIMEOUT);
        JsonNode answer = JSON.readTree(r.body());
        if (r.statusCode() == 202) {
          jobId = answer.path("job").asText();
          jobOutcome = "accepted by " + node.name();
          return;
        }
        if (r.statusCode() == 409 && "replayed_delivery".equals(answer.path("error").path("code").asText())) {
          jobOutcome = "accepted by a node whose answer was lost (the retry was a replay)";
          return;
        }
        jobOutcome = node.name() + ": " + r.statusCode() + " " + r.body();
      } catch (Exception e) {
        jobOutcome = node.name() + ": " + e;
      }
      sleep(500);
    }
  }

  /** Every task id any node answered with. */
  Set<String> ids() {
    Set<String> all = ConcurrentHashMap.newKeySet();
    idsByKey.values().forEach(all::addAll);
    return all;
  }

  List<String> keys() {
    return List.copyOf(idsByKey.keySet());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
