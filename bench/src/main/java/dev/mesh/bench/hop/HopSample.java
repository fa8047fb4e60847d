package dev.mesh.bench.hop;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One timed round trip: its wall time as the caller saw it and, for a task, the moments along its way —
 * {@code submit} and {@code answer} by this JVM's clock, then each hop event of its record (accepted, routed,
 * hop, started, finished) by the nodes' clocks, all one machine's wall clock — and the engine call's own
 * milliseconds as the executing node timed it (whole ms; NaN for a raw round trip), and the task's id (empty for
 * a raw round trip).
 */
public record HopSample(long wallNanos, Map<String, Instant> moments, double engineMillis, String taskId) {
  public static final String SUBMIT = "submit";
  public static final String ANSWER = "answer";

  static HopSample raw(long wallNanos) {
    return new HopSample(wallNanos, Map.of(), Double.NaN, "");
  }

  static HopSample task(long wallNanos, Instant submit, JsonNode record, Instant answer) {
    Map<String, Instant> moments = new LinkedHashMap<>();
    moments.put(SUBMIT, submit);
    for (JsonNode hop : record.path("hops")) {
      moments.putIfAbsent(hop.path("event").asText(), Instant.parse(hop.path("at").asText()));
    }
    moments.put(ANSWER, answer);
    JsonNode timings = record.path("result").path("timings");
    double engineMillis = timings.path("prefillMs").asDouble() + timings.path("decodeMs").asDouble();
    return new HopSample(wallNanos, moments, engineMillis, record.path("id").asText());
  }

  public double wallMillis() {
    return wallNanos / 1e6;
  }

  /** Milliseconds from one moment to another; NaN when the record lacks either. */
  public double millis(String from, String to) {
    Instant a = moments.get(from);
    Instant b = moments.get(to);
    return a == null || b == null ? Double.NaN : Duration.between(a, b).toNanos() / 1e6;
  }
}
