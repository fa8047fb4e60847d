package dev.mesh.bench.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.Latencies;
import dev.mesh.node.faults.Fault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Outages of home's remote, one a round, alternating a 503 and refused connections: with the circuit closed the proxy
 * starts failing, a heavy task is submitted, and the time from the first failure to its degraded result at the
 * client is kept. Each round also times local light tasks on home, the baseline, while the remote answers.
 */
final class FailoverRounds {
  static final List<Fault> OUTAGES = List.of(Fault.UNAVAILABLE, Fault.REFUSE);
  private static final int LOCAL_WARM = 3;
  private static final int LOCAL_PER_ROUND = 2;

  private final RemotePair pair;
  private final Map<Fault, List<Double>> failoverMs = new EnumMap<>(Fault.class);
  private final Set<String> reasons = new TreeSet<>();
  private final TimedPath local;

  private FailoverRounds(RemotePair pair) {
    this.pair = pair;
    this.local = new TimedPath(() -> servedBy(pair.run(RemoteRequests.light()), RemotePair.LOCAL_MODEL));
  }

  static FailoverRounds measure(RemotePair pair, int rounds) throws Exception {
    FailoverRounds measured = new FailoverRounds(pair);
    for (int i = 0; i < LOCAL_WARM; i++) {
      measured.local.time(false);
    }
    for (int round = 0; round < rounds; round++) {
      pair.set(Fault.PASS);
      pair.awaitClosed();
      for (int i = 0; i < LOCAL_PER_ROUND; i++) {
        measured.local.time(true);
      }
      Fault fault = OUTAGES.get(round % OUTAGES.size());
      measured.failoverMs.computeIfAbsent(fault, f -> new ArrayList<>()).add(measured.outage(fault));
    }
    pair.set(Fault.PASS);
    return measured;
  }

  /** Milliseconds from the first failure to the degraded result of a heavy task sent during a {@code fault}. */
  private double outage(Fault fault) throws Exception {
    RemotePair.settle();
    pair.set(fault);
    long submitted = System.nanoTime();
    JsonNode result = pair.run(RemoteRequests.heavy());
    long answered = System.nanoTime();
    servedBy(result, RemotePair.LOCAL_MODEL);
    if (!RemotePair.CLOUD_MODEL.equals(result.at("/degraded/wanted").asText())) {
      throw new IOException(fault + ": the task was not labelled degraded from " + RemotePair.CLOUD_MODEL + ": "
          + result);
    }
    reasons.add(result.at("/degraded/reason").asText());
    // a refused connect never reaches the proxy: it fails as soon as home tries, so the submit stands in for it
    long failed = fault == Fault.REFUSE ? submitted : pair.proxy().firstFaultNanos()
        .orElseThrow(() -> new IOException(fault + ": the task degraded but the proxy broke no request"));
    if (failed < submitted) { // the circuit was closed: nothing but this task calls the remote
      throw new IOException(fault + ": the proxy broke a request before the task was submitted");
    }
    return (answered - failed) / 1e6;
  }

  /** The completion tokens of a result that {@code model} produced. */
  static int servedBy(JsonNode result, String model) throws IOException {
    if (!model.equals(result.path("model").asText())) {
      throw new IOException("expected a result from " + model + ", got " + result);
    }
    return result.at("/usage/completionTokens").asInt();
  }

  Latencies failover() {
    return Latencies.ofMillis(failoverMs.values().stream().flatMap(List::stream).toList());
  }

  Latencies failover(Fault fault) {
    return Latencies.ofMillis(failoverMs.getOrDefault(fault, List.of()));
  }

  TimedPath local() {
    return local;
  }

  Set<String> reasons() {
    return reasons;
  }
}
