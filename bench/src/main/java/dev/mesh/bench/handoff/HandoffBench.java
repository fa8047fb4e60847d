package dev.mesh.bench.handoff;

import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.Report;
import dev.mesh.bench.hop.HopRounds;
import dev.mesh.bench.hop.HopSample;
import dev.mesh.bench.hop.RoundTrip;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.throughput.ClosedLoop;
import dev.mesh.bench.throughput.ThroughputBench;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Submit → result of a no-op task posted at a clustered node and run on another over the event bus, against the
 * same task run on a node only the shared folder reaches (published, claimed, result file picked up), in the
 * same run from the same entry node; tasks/s both ways; then the folder's latency as the poll interval changes
 * with no change events (what NFS and SMB give).
 */
public final class HandoffBench implements Benchmark {
  static final String NAME = "handoff";
  private static final int WARM = 10;
  private static final int IN_FLIGHT = Integer.getInteger("mesh.bench.handoff.inFlight", 16);
  private static final Duration LOOP_WARM = Duration.ofSeconds(2);
  private static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("mesh.bench.handoff.seconds", 8));
  /** Poll intervals (ms) measured with no change events, e.g. -Dmesh.bench.handoff.polls=100,2000 ("": none). */
  private static final String POLLS = System.getProperty("mesh.bench.handoff.polls", "50,250,1000");
  /** Moments of a record sent through the folder, in order, with what happens between each and the next. */
  private static final List<String[]> FOLDER_SEGMENTS = List.of(
      new String[] {"routed", "handoff", "event bus tried, record handoff, publish"},
      new String[] {"handoff", "hop", "wait for the claimer's scan, claim"},
      new String[] {"hop", "started", "adopt, queue"},
      new String[] {"started", "finished", "engine embed"},
      new String[] {"finished", "answer", "result file, origin's scan, complete, HTTP"});

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "submit -> result of a 1-char embed through the shared folder (local disk) vs over the event bus, same"
        + " run; tasks/s both ways (" + IN_FLIGHT + " in flight); folder latency vs poll interval";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    report.note(NAME, "entry (no engine) and bus are clustered; folder runs --no-cluster; bus and folder serve "
        + model.label() + " under two ids, so the task's model picks the path; folder on " + env.workDir());
    for (FolderSetting setting : settings()) {
      try (FolderTrio trio = FolderTrio.start(env, model, setting)) {
        measure(report, trio, setting);
      }
    }
  }

  private static void measure(Report report, FolderTrio trio, FolderSetting setting) throws Exception {
    String tag = "[" + setting.label() + "] ";
    Map<String, List<HopSample>> samples = HopRounds.measure(List.of(
        RoundTrip.task(FolderTrio.BUS, trio.entry(), FolderTrio.noOpTaskFor(FolderTrio.BUS), FolderTrio.BUS),
        RoundTrip.task(FolderTrio.FOLDER, trio.entry(), FolderTrio.noOpTaskFor(FolderTrio.FOLDER), FolderTrio.FOLDER)),
        WARM, setting.rounds());
    Latencies bus = wall(samples.get(FolderTrio.BUS));
    Latencies folder = wall(samples.get(FolderTrio.FOLDER));
    String n = " (n=" + folder.count() + ")";
    report.figure(NAME, tag + "event bus p50", bus.p50(), "ms");
    report.figure(NAME, tag + "event bus p99" + n, bus.p99(), "ms");
    report.figure(NAME, tag + "folder p50", folder.p50(), "ms");
    report.figure(NAME, tag + "folder p99" + n, folder.p99(), "ms");
    report.ratio(NAME, tag + "folder / event bus p50", folder.p50() / bus.p50(), "what the fallback costs");
    if (!setting.nativeWatch()) {
      report.ratio(NAME, tag + "folder p50 / poll interval", folder.p50() / setting.pollMs(),
          "~1: a claimer's and an origin's scan, half an interval each on average");
    }
    for (String[] s : FOLDER_SEGMENTS) {
      report.figure(NAME, tag + "  folder " + s[0] + "->" + s[1] + ": " + s[2],
          median(samples.get(FolderTrio.FOLDER), h -> h.millis(s[0], s[1])), "ms");
    }
    if (setting.throughput()) {
      ClosedLoop.Result busLoop = ClosedLoop.run(ThroughputBench.tasks(trio.entry(),
          FolderTrio.noOpTaskFor(FolderTrio.BUS), FolderTrio.BUS), IN_FLIGHT, LOOP_WARM, WINDOW);
      ClosedLoop.Result folderLoop = ClosedLoop.run(ThroughputBench.tasks(trio.entry(),
          FolderTrio.noOpTaskFor(FolderTrio.FOLDER), FolderTrio.FOLDER), IN_FLIGHT, LOOP_WARM, WINDOW);
      report.figure(NAME, tag + "event bus", busLoop.perSecond(), "task/s");
      report.figure(NAME, tag + "folder", folderLoop.perSecond(), "task/s");
      report.ratio(NAME, tag + "folder / event bus tasks/s", folderLoop.perSecond() / busLoop.perSecond(), "");
      for (ClosedLoop.Result r : List.of(busLoop, folderLoop)) {
        if (r.failed() > 0) {
          report.note(NAME, r.failed() + " failed in a window of " + r.ok() + " done; first: " + r.firstFailure());
        }
      }
    }
  }

  /** The default first, then polling only: latency rounds fewer as each waits longer, ~20 s of rounds each. */
  private static List<FolderSetting> settings() {
    List<FolderSetting> settings = new ArrayList<>(List.of(FolderSetting.defaults(100)));
    for (String poll : POLLS.split(",")) {
      if (!poll.isBlank()) {
        long ms = Long.parseLong(poll.trim());
        settings.add(FolderSetting.pollingOnly(ms, (int) Math.max(20, Math.min(100, 20_000 / ms))));
      }
    }
    return settings;
  }

  private static Latencies wall(List<HopSample> samples) {
    return Latencies.ofMillis(samples.stream().map(HopSample::wallMillis).toList());
  }

  private static double median(List<HopSample> samples, ToDoubleFunction<HopSample> value) {
    return Latencies.ofMillis(samples.stream().map(value::applyAsDouble).toList()).p50();
  }
}
