package dev.mesh.bench.hop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.cluster.MeshPair;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Submit → result of a no-op task posted at one node and run on another, against the same task run where it
 * was posted and against a raw clustered event-bus request/reply to the same nodes, all in one run; then where
 * the hop's time goes, from the record's hop timestamps and from its parts timed alone.
 */
public final class HopBench implements Benchmark {
  static final String NAME = "hop";
  private static final int WARM = Integer.getInteger("mesh.bench.hop.warm", 100);
  private static final int MEASURED = Integer.getInteger("mesh.bench.hop.measured", 400);
  private static final int COMPONENT_TIMES = 200;
  private static final String RAW_EXEC = "raw exec";
  private static final String RAW_ENTRY = "raw entry";
  private static final String REMOTE = "remote";
  private static final String LOCAL = "local";
  private static final String REMOTE_BEFORE = "remote, before";
  private static final String LOCAL_BEFORE = "local, before";
  /** Moments of a task's record, in order, with what happens between each and the next. */
  private static final List<String[]> REMOTE_SEGMENTS = List.of(
      new String[] {"submit", "accepted", "HTTP in, validate, preview"},
      new String[] {"accepted", "routed", "journal+map set, route"},
      new String[] {"routed", "hop", "send, decode, record routed+hop+started as one write"},
      new String[] {"hop", "started", "queue (nothing when the engine is idle)"},
      new String[] {"started", "finished", "engine embed"},
      new String[] {"finished", "answer", "record result, publish, HTTP"});
  private static final List<String[]> LOCAL_SEGMENTS = List.of(
      new String[] {"submit", "accepted", "HTTP in, validate, tokenize"},
      new String[] {"accepted", "routed", "journal+map set, route"},
      new String[] {"routed", "started", "record routed+started as one write, queue"},
      new String[] {"started", "finished", "engine embed"},
      new String[] {"finished", "answer", "record result, wake, HTTP"});

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "submit -> result of a 1-char embed posted at entry and run on exec vs run where posted vs raw"
        + " event-bus ping (" + WARM + " warm + " + MEASURED + " measured rounds)";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    report.note(NAME, "no-op = {\"kind\":\"embed\",\"input\":\"a\"} (one engine call; the mesh has no no-op kind);"
        + " exec serves " + model.label() + ", entry has no engine; raw = this JVM as a Hazelcast lite member");
    Optional<BenchEnv> before = env.before();
    try (MeshPair mesh = MeshPair.start(env, model);
        MeshPair earlier = before.isPresent() ? MeshPair.start(before.get(), model) : null;
        MapWrites writes = MapWrites.watch(mesh.member());
        // the same listener on the earlier build's map: each write it sees costs its partition owner an event, and
        // watching one side only made that side slower (a build against itself read 1.2x local p50)
        MapWrites earlierWrites = earlier == null ? null : MapWrites.watch(earlier.member())) {
      List<RoundTrip> trips = new ArrayList<>(List.of(
          RoundTrip.ping(RAW_EXEC, mesh.member(), mesh.execId()),
          RoundTrip.ping(RAW_ENTRY, mesh.member(), mesh.entryId()),
          RoundTrip.task(REMOTE, mesh.entry(), MeshPair.EXEC),
          RoundTrip.task(LOCAL, mesh.exec(), MeshPair.EXEC)));
      if (earlier != null) {
        report.note(NAME, "before = " + before.get().nodeJar() + ", run beside this build in the same rounds");
        trips.add(RoundTrip.task(REMOTE_BEFORE, earlier.entry(), MeshPair.EXEC));
        trips.add(RoundTrip.task(LOCAL_BEFORE, earlier.exec(), MeshPair.EXEC));
      }
      Map<String, List<HopSample>> samples = HopRounds.measure(trips, WARM, MEASURED);
      reportLatencies(report, samples);
      reportSegments(report, "remote", samples.get(REMOTE), REMOTE_SEGMENTS);
      reportSegments(report, "local", samples.get(LOCAL), LOCAL_SEGMENTS);
      Parts parts = reportComponents(env, report, mesh);
      reportFloor(report, samples.get(REMOTE), wall(samples.get(RAW_EXEC)), parts, writes);
      report.figure(NAME, "local: map writes per task (median)", median(samples.get(LOCAL), s -> writes.of(s.taskId())), "");
      if (earlier != null) {
        reportBeforeAfter(report, samples, mesh, earlier);
      }
    }
  }

  /**
   * What a remote task can't go below: the raw round trip to the executing node, the engine's own call, and the
   * durable changes it still makes — acceptance (journal and map side by side) and one map compare-and-set for each
   * further change.
   */
  private static void reportFloor(Report report, List<HopSample> remote, Latencies raw, Parts parts,
      MapWrites writes) {
    double engine = median(remote, HopSample::engineMillis);
    double changes = median(remote, s -> writes.of(s.taskId()));
    double floor = raw.p50() + engine + Math.max(parts.journal().p50(), parts.map().p50())
        + Math.max(0, changes - 1) * parts.map().p50();
    report.figure(NAME, "remote: map writes per task (median)", changes, "");
    report.figure(NAME, "remote floor: raw + engine + accept + (changes - 1) x map CAS", floor, "ms");
    report.ratio(NAME, "remote p50 / floor", wall(remote).p50() / floor, "target <= 2");
    // the floor leaves out the client's own HTTP round trip to the entry, which a task posted over HTTP can't skip
    report.ratio(NAME, "remote p50 / (floor + HTTP round trip)", wall(remote).p50() / (floor + parts.http().p50()),
        "");
  }

  private static void reportBeforeAfter(Report report, Map<String, List<HopSample>> samples, MeshPair after,
      MeshPair before) throws Exception {
    for (String[] pair : List.of(new String[] {REMOTE, REMOTE_BEFORE}, new String[] {LOCAL, LOCAL_BEFORE})) {
      Latencies now = wall(samples.get(pair[0]));
      Latencies then = wall(samples.get(pair[1]));
      percentiles(report, pair[1], then);
      report.ratio(NAME, pair[0] + " after / before p50", now.p50() / then.p50(), "");
      report.ratio(NAME, pair[0] + " after / before p99", now.p99() / then.p99(), "");
    }
    PairWindows.Rates rates = PairWindows.measure(NAME, before, after, report);
    report.figure(NAME, "throughput before (entry -> exec, " + PairWindows.IN_FLIGHT + " in flight)", rates.first(),
        "task/s");
    report.figure(NAME, "throughput after", rates.second(), "task/s");
    report.ratio(NAME, "throughput after / before", rates.second() / rates.first(), "");
  }

  private static void reportLatencies(Report report, Map<String, List<HopSample>> samples) {
    Latencies rawExec = wall(samples.get(RAW_EXEC));
    Latencies rawEntry = wall(samples.get(RAW_ENTRY));
    Latencies remote = wall(samples.get(REMOTE));
    Latencies local = wall(samples.get(LOCAL));
    percentiles(report, "raw event bus bench -> exec ping", rawExec);
    percentiles(report, "raw event bus bench -> entry ping", rawEntry);
    percentiles(report, "remote: posted at entry, run on exec", remote);
    percentiles(report, "local: posted at exec, run on exec", local);
    report.figure(NAME, "hop overhead (remote - local) p50", remote.p50() - local.p50(), "ms");
    report.figure(NAME, "hop overhead (remote - local) p99", remote.p99() - local.p99(), "ms");
    report.ratio(NAME, "remote / raw p50", remote.p50() / rawExec.p50(), "target <= 1.5");
    report.ratio(NAME, "remote / raw p99", remote.p99() / rawExec.p99(), "target <= 1.5");
    report.ratio(NAME, "(remote - local) / raw p50", (remote.p50() - local.p50()) / rawExec.p50(),
        "the hop alone; target <= 1.5");
    report.ratio(NAME, "(remote - local) / raw p99", (remote.p99() - local.p99()) / rawExec.p99(),
        "the hop alone; target <= 1.5");
  }

  private static void percentiles(Report report, String what, Latencies l) {
    report.figure(NAME, what + " p50", l.p50(), "ms");
    report.figure(NAME, what + " p99", l.p99(), "ms");
  }

  /** Medians of each stretch between two moments of the record (medians need not add up to the total's). */
  private static void reportSegments(Report report, String path, List<HopSample> samples, List<String[]> segments) {
    for (String[] s : segments) {
      report.figure(NAME, "  " + path + " " + s[0] + "->" + s[1] + ": " + s[2],
          median(samples, h -> h.millis(s[0], s[1])), "ms");
    }
    report.figure(NAME, "  " + path + " of which the engine call (node-timed)",
        median(samples, HopSample::engineMillis), "ms");
  }

  /** The durable parts of a change, timed alone. */
  private record Parts(Latencies journal, Latencies map, Latencies http) {}

  private static Parts reportComponents(BenchEnv env, Report report, MeshPair mesh) throws Exception {
    JsonNode ended = mesh.entry().submit(MeshPair.noOpTask(), Duration.ofSeconds(10)).body();
    byte[] record = HttpJson.JSON.writeValueAsBytes(ended);
    List<Double> http = new ArrayList<>();
    java.net.URI read = mesh.entry().uri("/v1/tasks/" + ended.path("id").asText());
    for (int i = 0; i < COMPONENT_TIMES; i++) {
      long start = System.nanoTime();
      HttpJson.get(read, Duration.ofSeconds(10));
      http.add((System.nanoTime() - start) / 1e6);
    }
    Latencies httpRoundTrip = Latencies.ofMillis(http);
    report.figure(NAME, "part: HTTP round trip to entry (GET of an ended task, " + record.length + " B) p50",
        httpRoundTrip.p50(), "ms");
    Latencies journal = ComponentTimes.journalWrite(env.newDir("journal-probe"), record, COMPONENT_TIMES);
    Latencies map = ComponentTimes.mapCompareAndSet(mesh.member(), new String(record, StandardCharsets.UTF_8),
        COMPONENT_TIMES);
    report.figure(NAME, "part: journal atomic write (" + record.length + " B, 2 fsyncs) p50", journal.p50(), "ms");
    report.figure(NAME, "part: cluster map get+replace (sync backup) p50", map.p50(), "ms");
    report.note(NAME, "each durable change of a task record is one map get+replace; the journal follows it in the"
        + " background (a task's versions waiting for the disk are written as the newest one), except acceptance,"
        + " journaled beside its map write");
    return new Parts(journal, map, httpRoundTrip);
  }

  private static Latencies wall(List<HopSample> samples) {
    return Latencies.ofMillis(samples.stream().map(HopSample::wallMillis).toList());
  }

  private static double median(List<HopSample> samples, ToDoubleFunction<HopSample> value) {
    return Latencies.ofMillis(samples.stream().map(value::applyAsDouble).toList()).p50();
  }
}
