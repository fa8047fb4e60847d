package dev.mesh.bench.memory;

import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.NodeSpec;
import dev.mesh.bench.process.ProcMemory;
import java.time.Duration;
import java.util.List;

/**
 * Resident memory of an idle node (engine process excluded) and of its engine, against a bare JVM started
 * with the same options, for a clustered node and a {@code --no-cluster} one.
 */
public final class IdleRssBench implements Benchmark {
  static final String NAME = "idle-rss";
  static final Duration IDLE = Duration.ofSeconds(10);
  static final double TARGET_NODE_MIB = 150e6 / (1 << 20); // the target is 150 MB
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "node RSS after /health 200 + " + IDLE.toSeconds() + " s idle vs a bare JVM with the launcher's options";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    List<String> options = LauncherOptions.read(env.launcher());
    BenchModel model = BenchModels.stories(env);
    report.note(NAME, "JVM options " + String.join(" ", options) + "; model " + model.label()
        + (model.note().isEmpty() ? "" : " (" + model.note() + ")"));
    ProcMemory baseline = IdleJvm.measure(options, IDLE);
    report.figure(NAME, "baseline idle JVM RSS", baseline.rssMib(), "MiB");
    report.figure(NAME, "baseline idle JVM threads", baseline.threads(), "");
    for (boolean clustered : List.of(true, false)) {
      measureNode(env, report, model, options, clustered, baseline);
    }
  }

  private static void measureNode(BenchEnv env, Report report, BenchModel model, List<String> options,
      boolean clustered, ProcMemory baseline) throws Exception {
    String variant = clustered ? "clustered" : "no-cluster";
    NodeSpec spec = new NodeSpec("idle-" + variant, model.path(), clustered, env.threads(), options);
    try (NodeProcess node = NodeProcess.start(env, spec)) {
      node.awaitHealthy(START_TIMEOUT);
      long enginePid = node.enginePid(START_TIMEOUT);
      Thread.sleep(IDLE.toMillis());
      ProcMemory nodeMem = ProcMemory.of(node.pid());
      ProcMemory engineMem = ProcMemory.of(enginePid);
      String target = nodeMem.rssMib() <= TARGET_NODE_MIB ? "target <= 150 MB: met" : "target <= 150 MB: NOT met";
      report.figure(NAME, variant + " node RSS", nodeMem.rssMib(), "MiB");
      report.figure(NAME, variant + " node RSS anonymous", nodeMem.anonMib(), "MiB");
      report.figure(NAME, variant + " node RSS file-backed", nodeMem.fileMib(), "MiB");
      report.figure(NAME, variant + " node threads", nodeMem.threads(), "");
      report.figure(NAME, variant + " node RSS - baseline", nodeMem.rssMib() - baseline.rssMib(), "MiB");
      report.ratio(NAME, variant + " node/baseline RSS", nodeMem.rssMib() / baseline.rssMib(), target);
      report.figure(NAME, variant + " engine RSS (" + model.label() + ")", engineMem.rssMib(), "MiB");
      report.figure(NAME, variant + " engine threads", engineMem.threads(), "");
    }
  }
}
