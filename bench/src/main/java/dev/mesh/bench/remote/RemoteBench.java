package dev.mesh.bench.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.node.faults.Fault;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * A node's remote engine, here another node's OpenAI API behind a fault proxy: submit → result of a small generation
 * sent as a task that the node runs on its remote against the same request sent straight to the remote through the
 * same proxy; then, over repeated outages, the time from the remote's first failure to the task's degraded result
 * on the local model against a plain local task's submit → result.
 */
public final class RemoteBench implements Benchmark {
  static final String NAME = "remote";
  private static final int WARM = Integer.getInteger("mesh.bench.remote.warm", 5);
  private static final int MEASURED = Integer.getInteger("mesh.bench.remote.measured", 40);
  private static final int ROUNDS = Integer.getInteger("mesh.bench.remote.rounds", 10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "generation of " + RemoteRequests.MAX_TOKENS + " tokens via mesh to a remote vs straight to it (" + WARM
        + " warm + " + MEASURED + " measured each); failover over " + ROUNDS + " outages vs a local task";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    if (model.synthetic()) {
      report.note(NAME, model.note());
    }
    report.note(NAME, "home (local model " + RemotePair.LOCAL_MODEL + ", light) lists cloud's OpenAI API as remote '"
        + RemotePair.REMOTE + "' (" + RemotePair.CLOUD_MODEL + ", heavy; timeoutMs " + RemotePair.TIMEOUT_MS
        + ", cooldownMs " + RemotePair.COOLDOWN_MS + ") through a fault proxy in this JVM; both serve "
        + model.label() + ", no cluster");
    double loadBefore = loadAverage();
    try (RemotePair pair = RemotePair.start(env, model, env.threads())) {
      overhead(pair, report);
      failover(pair, report);
    }
    // the p99s of two nodes on a small box move with whatever else runs on it
    report.note(NAME, String.format(Locale.ROOT, "load average (1 min) %.1f at the start, %.1f at the end, %d cores",
        loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors()));
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void overhead(RemotePair pair, Report report) throws Exception {
    TimedPath mesh = new TimedPath(() -> byTheCloud(pair.run(RemoteRequests.heavy())));
    TimedPath direct = new TimedPath(() -> pair.direct(RemoteRequests.chat()).at("/usage/completion_tokens").asInt());
    TimedPath streamed = new TimedPath(() -> pair.directStreamed(RemoteRequests.chat()));
    alternate(pair, List.of(mesh, direct, streamed));
    report.note(NAME, "mesh = POST /v1/tasks?wait at home, tier heavy, run on the remote; direct = POST"
        + " /v1/chat/completions to cloud, one JSON answer; direct streamed = the same as home sends it (SSE, usage"
        + " in the last event); all through the proxy (PASS); median completion tokens mesh "
        + Math.round(mesh.medianTokens()) + ", direct " + Math.round(direct.medianTokens()) + ", streamed "
        + Math.round(streamed.medianTokens()));
    Latencies viaMesh = mesh.latencies();
    Latencies straight = direct.latencies();
    percentiles(report, "mesh: task at home -> remote cloud, submit -> result", viaMesh);
    percentiles(report, "direct: chat completion at cloud via the proxy", straight);
    percentiles(report, "direct streamed: the same as home asks for it (SSE)", streamed.latencies());
    report.figure(NAME, "mesh overhead (mesh - direct) p50", viaMesh.p50() - straight.p50(), "ms");
    report.figure(NAME, "home's own share (mesh - direct streamed) p50", viaMesh.p50() - streamed.latencies().p50(),
        "ms");
    report.ratio(NAME, "mesh / direct p50", viaMesh.p50() / straight.p50(), "1.0 = going through mesh costs nothing");
    report.ratio(NAME, "mesh / direct p99", viaMesh.p99() / straight.p99(), "1.0 = going through mesh costs nothing");
  }

  /** Each path once a round, in an order reversed every other round, so drift on a shared machine hits all alike. */
  private static void alternate(RemotePair pair, List<TimedPath> paths) throws Exception {
    long forwardedBefore = pair.proxy().forwarded();
    for (int round = 0; round < WARM + MEASURED; round++) {
      for (int i = 0; i < paths.size(); i++) {
        paths.get(round % 2 == 0 ? i : paths.size() - 1 - i).time(round >= WARM);
      }
    }
    long calls = (long) paths.size() * (WARM + MEASURED);
    long forwarded = pair.proxy().forwarded() - forwardedBefore;
    if (forwarded != calls) {
      throw new IOException("the proxy forwarded " + forwarded + " requests for " + calls
          + " generations: something else called the remote, or a call went around it");
    }
  }

  /** The completion tokens of a result the remote produced, not degraded. */
  private static int byTheCloud(JsonNode result) throws IOException {
    if (!result.path("degraded").isMissingNode() && !result.path("degraded").isNull()) {
      throw new IOException("a task degraded while the remote answered: " + result);
    }
    return FailoverRounds.servedBy(result, RemotePair.CLOUD_MODEL);
  }

  private static void failover(RemotePair pair, Report report) throws Exception {
    FailoverRounds rounds = FailoverRounds.measure(pair, ROUNDS);
    report.note(NAME, "failover = the remote's first failure -> the heavy task's degraded result at the client;"
        + " 503: from when the proxy answered it; refused: from the submit, as a refused connection fails at once"
        + " (home's accept and routing, a few ms, count as failover there); circuit closed before each outage");
    report.note(NAME, "degraded reasons: " + String.join("; ", rounds.reasons()));
    Latencies local = rounds.local().latencies();
    Latencies all = rounds.failover();
    report.figure(NAME, "local: light task at home on " + RemotePair.LOCAL_MODEL + " p50 (" + local.count() + ")",
        local.p50(), "ms");
    percentiles(report, "failover, all " + all.count() + " outages,", all);
    for (Fault fault : FailoverRounds.OUTAGES) {
      Latencies l = rounds.failover(fault);
      report.figure(NAME, "failover after " + (fault == Fault.REFUSE ? "refused connect" : "503") + " p50 ("
          + l.count() + ")", l.p50(), "ms");
    }
    report.figure(NAME, "failover cost (failover - local) p50", all.p50() - local.p50(), "ms");
    report.ratio(NAME, "failover p50 / local task p50", all.p50() / local.p50(),
        "1.0 = an outage costs nothing beyond running locally");
    report.ratio(NAME, "failover p99 / local task p50", all.p99() / local.p50(),
        "1.0 = an outage costs nothing beyond running locally");
  }

  private static void percentiles(Report report, String what, Latencies l) {
    report.figure(NAME, what + " p50", l.p50(), "ms");
    report.figure(NAME, what + " p99", l.p99(), "ms");
  }
}
