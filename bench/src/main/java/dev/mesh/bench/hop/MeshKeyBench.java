package dev.mesh.bench.hop;

import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.Report;
import dev.mesh.bench.cluster.MeshPair;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.protocol.seal.MeshKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the mesh key costs: two pairs of nodes (entry without an engine, exec with the model) side by side, one
 * without a key and one sealing everything with it. Latency: the raw ping and the no-op task posted at entry and run
 * on exec, on both pairs in shuffled rounds ({@link HopRounds}); throughput: the same task with many in flight, in alternating
 * windows. Ratios keyed / plain.
 */
public final class MeshKeyBench implements Benchmark {
  static final String NAME = "meshkey";
  private static final int WARM = Integer.getInteger("mesh.bench.meshkey.warm", 50);
  private static final int MEASURED = Integer.getInteger("mesh.bench.meshkey.measured", 200);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "hop latency and throughput with the mesh key vs without, side by side (" + WARM + " warm + " + MEASURED
        + " shuffled rounds; " + PairWindows.WINDOWS + " alternating " + PairWindows.WINDOW.toSeconds() + " s windows of " + PairWindows.IN_FLIGHT
        + " in flight)";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    Path key = Files.createTempDirectory("mesh-bench-key-").resolve("mesh.key");
    MeshKey.generate().write(key);
    try (MeshPair plain = MeshPair.start(env, model); MeshPair keyed = MeshPair.start(env, model, Optional.of(key))) {
      Map<String, List<HopSample>> samples = HopRounds.measure(List.of(
          ping("raw plain", plain), ping("raw keyed", keyed),
          RoundTrip.task("hop plain", plain.entry(), MeshPair.noOpTask(), MeshPair.EXEC),
          RoundTrip.task("hop keyed", keyed.entry(), MeshPair.noOpTask(), MeshPair.EXEC)), WARM, MEASURED);
      Map<String, Latencies> lat = new java.util.LinkedHashMap<>();
      samples.forEach((name, list) -> lat.put(name, Latencies.ofMillis(list.stream().map(HopSample::wallMillis)
          .toList())));
      lat.forEach((name, l) -> {
        report.figure(NAME, name + " p50", l.p50(), "ms");
        report.figure(NAME, name + " p99", l.p99(), "ms");
      });
      report.ratio(NAME, "raw ping keyed / plain p50", lat.get("raw keyed").p50() / lat.get("raw plain").p50(), "");
      report.ratio(NAME, "hop keyed / plain p50", lat.get("hop keyed").p50() / lat.get("hop plain").p50(),
          "target <= 1.1");
      report.ratio(NAME, "hop keyed / plain p99", lat.get("hop keyed").p99() / lat.get("hop plain").p99(), "");
      PairWindows.Rates rates = PairWindows.measure(NAME, plain, keyed, report);
      report.figure(NAME, "throughput plain", rates.first(), "task/s");
      report.figure(NAME, "throughput keyed", rates.second(), "task/s");
      report.ratio(NAME, "throughput keyed / plain", rates.second() / rates.first(), "target >= 0.9");
    }
  }

  private static RoundTrip ping(String name, MeshPair pair) {
    return new RoundTrip(name, () -> HopSample.raw(pair.member().timePing(pair.execId())));
  }
}
