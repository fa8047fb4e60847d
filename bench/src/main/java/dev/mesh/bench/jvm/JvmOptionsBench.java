package dev.mesh.bench.jvm;

import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.Report;
import dev.mesh.bench.cluster.MeshPair;
import dev.mesh.bench.hop.HopRounds;
import dev.mesh.bench.hop.HopSample;
import dev.mesh.bench.hop.RoundTrip;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.ProcMemory;
import dev.mesh.bench.throughput.ClosedLoop;
import dev.mesh.bench.throughput.ThroughputBench;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node's JVM options cost and buy: the launcher's (C1 only, serial GC, a 96 MB heap — chosen for a Pi's
 * RAM) against the full tiered compiler (C2) with the serial GC and with G1. Each runs a node pair (entry without an
 * engine, exec with the model) in turn, the launcher's first and again last to show the machine's drift; per
 * profile the no-op task's latency posted at exec and at entry, throughput with many in flight, and both node
 * JVMs' RSS after it all (what a Pi pays).
 */
public final class JvmOptionsBench implements Benchmark {
  static final String NAME = "jvm";
  private static final int WARM = Integer.getInteger("mesh.bench.jvm.warm", 300);
  private static final int MEASURED = Integer.getInteger("mesh.bench.jvm.measured", 300);
  private static final int IN_FLIGHT = 32;
  private static final Duration WARM_WINDOW = Duration.ofSeconds(3);
  private static final Duration WINDOW = Duration.ofSeconds(6);
  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /** A set of node JVM options under test. */
  record Profile(String name, List<String> options) {}

  /** What one profile measured. */
  record Measured(Profile profile, Latencies local, Latencies remote, double perSecond, double entryRssMib,
      double execRssMib) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "node JVM options: the launcher's (C1 only, serial GC) vs C2 with serial GC vs C2 with G1 — no-op task"
        + " latency (" + WARM + " warm + " + MEASURED + " rounds), throughput (" + IN_FLIGHT + " in flight), node RSS";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    List<String> launcher = LauncherOptions.read(env.launcher());
    List<String> c2 = launcher.stream().filter(o -> !o.equals(C1_ONLY)).toList();
    List<String> g1 = c2.stream().map(o -> o.equals("-XX:+UseSerialGC") ? "-XX:+UseG1GC" : o).toList();
    report.note(NAME, "launcher options: " + String.join(" ", launcher));
    List<Profile> order = List.of(new Profile("launcher (C1, serial)", launcher),
        new Profile("C2, serial", c2), new Profile("C2, G1", g1), new Profile("launcher again", launcher));
    List<Measured> all = new ArrayList<>();
    for (Profile p : order) {
      Measured m = measure(env, model, p, report);
      all.add(m);
      report.figure(NAME, p.name() + ": local p50", m.local().p50(), "ms");
      report.figure(NAME, p.name() + ": local p99", m.local().p99(), "ms");
      report.figure(NAME, p.name() + ": remote p50", m.remote().p50(), "ms");
      report.figure(NAME, p.name() + ": remote p99", m.remote().p99(), "ms");
      report.figure(NAME, p.name() + ": throughput", m.perSecond(), "task/s");
      report.figure(NAME, p.name() + ": entry node RSS", m.entryRssMib(), "MiB");
      report.figure(NAME, p.name() + ": exec node RSS", m.execRssMib(), "MiB");
    }
    Measured first = all.get(0);
    Measured last = all.get(all.size() - 1);
    report.ratio(NAME, "drift: launcher again / launcher, remote p50", last.remote().p50() / first.remote().p50(),
        "the machine's own drift over the run");
    for (Measured m : all.subList(1, all.size() - 1)) {
      String n = m.profile().name();
      double baseRemote = (first.remote().p50() + last.remote().p50()) / 2;
      double baseLocal = (first.local().p50() + last.local().p50()) / 2;
      double baseRate = (first.perSecond() + last.perSecond()) / 2;
      double baseRss = (first.entryRssMib() + last.entryRssMib() + first.execRssMib() + last.execRssMib()) / 2;
      report.ratio(NAME, n + " / launcher: local p50", m.local().p50() / baseLocal, "");
      report.ratio(NAME, n + " / launcher: remote p50", m.remote().p50() / baseRemote, "");
      report.ratio(NAME, n + " / launcher: throughput", m.perSecond() / baseRate, "");
      report.ratio(NAME, n + " / launcher: RSS of both nodes", (m.entryRssMib() + m.execRssMib()) / baseRss, "");
    }
  }

  private static Measured measure(BenchEnv env, BenchModel model, Profile profile, Report report) throws Exception {
    try (MeshPair pair = MeshPair.start(env, model, Optional.empty(), profile.options())) {
      Map<String, List<HopSample>> samples = HopRounds.measure(List.of(
          RoundTrip.task("local", pair.exec(), MeshPair.noOpTask(), MeshPair.EXEC),
          RoundTrip.task("remote", pair.entry(), MeshPair.noOpTask(), MeshPair.EXEC)), WARM, MEASURED);
      ClosedLoop.Result rate = ClosedLoop.run(ThroughputBench.tasks(pair.entry(), MeshPair.noOpTask(), MeshPair.EXEC),
          IN_FLIGHT, WARM_WINDOW, WINDOW);
      if (rate.failed() > 0) {
        report.note(NAME, profile.name() + ": " + rate.failed() + " failed; first: " + rate.firstFailure());
      }
      return new Measured(profile, wall(samples.get("local")), wall(samples.get("remote")), rate.perSecond(),
          ProcMemory.of(pair.entry().pid()).rssMib(), ProcMemory.of(pair.exec().pid()).rssMib());
    }
  }

  private static Latencies wall(List<HopSample> samples) {
    return Latencies.ofMillis(samples.stream().map(HopSample::wallMillis).toList());
  }
}
