package dev.mesh.bench.hop;

import dev.mesh.bench.Report;
import dev.mesh.bench.cluster.MeshPair;
import dev.mesh.bench.throughput.ClosedLoop;
import dev.mesh.bench.throughput.ThroughputBench;
import java.time.Duration;

/**
 * Throughput of two node pairs compared in alternating windows (the second pair's window right after the first's,
 * twice), so the machine's drift hits both alike: the no-op task posted at each pair's entry, run on its exec, with
 * {@link #IN_FLIGHT} in flight.
 */
final class PairWindows {
  static final int IN_FLIGHT = 32;
  static final int WINDOWS = 2;
  static final Duration WARM = Duration.ofSeconds(2);
  static final Duration WINDOW = Duration.ofSeconds(5);

  /** Tasks per second of each pair, averaged over the windows. */
  record Rates(double first, double second) {}

  private PairWindows() {}

  static Rates measure(String bench, MeshPair first, MeshPair second, Report report) throws Exception {
    double a = 0;
    double b = 0;
    for (int w = 0; w < WINDOWS; w++) {
      a += window(bench, first, report);
      b += window(bench, second, report);
    }
    return new Rates(a / WINDOWS, b / WINDOWS);
  }

  private static double window(String bench, MeshPair pair, Report report) throws Exception {
    ClosedLoop.Result r = ClosedLoop.run(ThroughputBench.tasks(pair.entry(), MeshPair.noOpTask(), MeshPair.EXEC),
        IN_FLIGHT, WARM, WINDOW);
    if (r.failed() > 0) {
      report.note(bench, r.failed() + " failed in a window of " + r.ok() + " done; first: " + r.firstFailure());
    }
    return r.perSecond();
  }
}
