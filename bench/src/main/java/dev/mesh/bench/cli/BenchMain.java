package dev.mesh.bench.cli;

import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.constrained.ConstrainedBench;
import dev.mesh.bench.decode.DecodeBench;
import dev.mesh.bench.stack.StackBench;
import dev.mesh.bench.handoff.HandoffBench;
import dev.mesh.bench.hop.HopBench;
import dev.mesh.bench.memory.IdleRssBench;
import dev.mesh.bench.memory.MemoryEstimateBench;
import dev.mesh.bench.priority.PriorityBench;
import dev.mesh.bench.remote.RemoteBench;
import dev.mesh.bench.routing.RoutingBench;
import dev.mesh.bench.soak.SoakBench;
import dev.mesh.bench.throughput.ThroughputBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the named benchmarks (all when none is named) and prints a summary. Exits 1 when a benchmark
 * could not run, 2 on a bad argument, 0 otherwise — whatever the ratios say.
 */
public final class BenchMain {
  private static final String LLAMA_TMPDIR = "de.kherud.llama.tmpdir";

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    Map<String, Benchmark> all = new LinkedHashMap<>();
    for (Benchmark b : List.of(new DecodeBench(), new IdleRssBench(), new MemoryEstimateBench(), new HopBench(),
        new ThroughputBench(), new RoutingBench(), new HandoffBench(), new SoakBench(), new ConstrainedBench(),
        new StackBench(), new RemoteBench(), new PriorityBench(), new dev.mesh.bench.hop.MeshKeyBench(),
        new dev.mesh.bench.jvm.JvmOptionsBench(), new dev.mesh.bench.placement.PlacementBench())) {
      all.put(b.name(), b);
    }
    List<String> names = args.length == 0 ? new ArrayList<>(all.keySet()) : List.of(args);
    for (String name : names) {
      if (!all.containsKey(name)) {
        System.err.println("bench: unknown benchmark '" + name + "'; known: " + all.keySet());
        System.exit(2);
      }
    }
    BenchEnv env = BenchEnv.fromSystemProperties();
    // java-llama.cpp deletes llama*/jllama* files in its temp dir on first load: this JVM gets its own
    String llamaTmp = System.getProperty(LLAMA_TMPDIR, env.workDir().resolve("llama-native").toString());
    System.setProperty(LLAMA_TMPDIR, Files.createDirectories(Path.of(llamaTmp)).toString());
    Report report = new Report(System.out);
    System.out.println("mesh bench: " + names + ", " + env.threads() + " threads, work folder " + env.workDir());
    for (String name : names) {
      Benchmark bench = all.get(name);
      System.out.println();
      System.out.println("== " + name + ": " + bench.description());
      long start = System.nanoTime();
      try {
        bench.run(env, report);
      } catch (Exception | LinkageError e) { // LinkageError: java-llama.cpp's native library did not load
        report.failure(name, e);
      }
      System.out.printf("  (%s took %.0f s)%n", name, (System.nanoTime() - start) / 1e9);
    }
    report.printSummary();
    System.out.flush();
    // exit explicitly: java-llama.cpp leaves a non-daemon native thread that keeps the JVM alive
    System.exit(report.failed() ? 1 : 0);
  }
}
