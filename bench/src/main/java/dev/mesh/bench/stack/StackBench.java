package dev.mesh.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.node.engine.EngineProcess;
import dev.mesh.node.engine.EngineSpec;
import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.node.inference.ModelFiles;
import dev.mesh.protocol.gguf.GgufFile;
import dev.mesh.protocol.gguf.GgufReader;
import dev.mesh.protocol.gguf.MemoryEstimate;
import dev.mesh.protocol.gguf.ModelShape;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A model stack on a node with room for one model at a time ({@code memory.limitMb}): the first token of a task
 * for a model already loaded against one for a model that must be loaded first (the other unloaded to make room),
 * and the load time routing was told (the advert's {@code loadSeconds}: estimated before the first load, measured
 * after) beside the one measured here. Then the RAM estimate beside what an engine really holds, for Q4_0 (whose
 * weights llama.cpp repacks into a second copy), Q8_0 and F16.
 */
public final class StackBench implements Benchmark {
  static final String NAME = "stack";
  private static final Duration WAIT = Duration.ofSeconds(180);
  private static final int ROUNDS = Integer.getInteger("mesh.bench.stack.rounds", 5);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "first token for a loaded vs an unloaded model (" + ROUNDS + " rounds), the router's load-time estimate"
        + " vs measured; RAM estimate vs engine RSS";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    loadedVsUnloaded(env, report);
    estimateVsRss(env, report);
  }

  private static void loadedVsUnloaded(BenchEnv env, Report report) throws Exception {
    BenchModel light = BenchModels.synth(env, "stack-light");
    BenchModel heavy = BenchModels.synth(env, "stack-heavy", "--layers", "12", "--dim", "768", "--ff", "2048",
        "--quant", "F16");
    ObjectNode config = HttpJson.JSON.createObjectNode();
    config.putObject("engine").put("threads", env.threads());
    config.putObject("memory").put("reserveMb", 0).put("limitMb", 420);
    config.putArray("models").add(model(light, "light")).add(model(heavy, "heavy"));
    try (NodeProcess node = NodeProcess.start(env, "stack", config, List.of(), List.of("--no-cluster"))) {
      node.awaitHealthy(Duration.ofSeconds(120));
      double estimated = modelInfo(node, "heavy").path("loadSeconds").asDouble();
      List<Double> warm = new ArrayList<>();
      List<Double> cold = new ArrayList<>();
      firstToken(node, "heavy"); // its first load also measures its speed: not counted
      for (int i = 0; i < ROUNDS; i++) {
        cold.add(firstToken(node, "light"));
        warm.add(firstToken(node, "light"));
        cold.add(firstToken(node, "heavy"));
        warm.add(firstToken(node, "heavy"));
      }
      double measuredLoad = modelInfo(node, "heavy").path("loadSeconds").asDouble();
      report.figure(NAME, "first token, model loaded (median)", median(warm) * 1000, "ms");
      report.figure(NAME, "first token, model unloaded (median)", median(cold) * 1000, "ms");
      report.ratio(NAME, "unloaded / loaded", median(cold) / median(warm), "the price of a model stack in one RAM");
      report.figure(NAME, "heavy: load time the router was told before any load", estimated, "s");
      report.figure(NAME, "heavy: load time measured (moving average)", measuredLoad, "s");
      report.ratio(NAME, "heavy: estimated / measured load", estimated / measuredLoad,
          "1.0 = the prior was right (it assumes a 100 MB/s disk)");
    }
  }

  private static ObjectNode model(BenchModel m, String id) {
    return HttpJson.JSON.createObjectNode().put("path", m.path().toString()).put("id", id).put("contextTokens", 512);
  }

  private static JsonNode modelInfo(NodeProcess node, String id) throws IOException, InterruptedException {
    for (JsonNode m : node.clusterStatus().at("/nodes/0/models")) {
      if (id.equals(m.path("id").asText())) {
        return m;
      }
    }
    throw new IOException("model " + id + " is not in the node's advert");
  }

  /** Seconds from submit to the finished one-token task. */
  private static double firstToken(NodeProcess node, String model) throws IOException, InterruptedException {
    ObjectNode task = HttpJson.JSON.createObjectNode().put("kind", "generate").put("model", model)
        .put("prompt", "Once upon a time");
    task.putObject("params").put("maxTokens", 1).put("temperature", 0);
    long start = System.nanoTime();
    HttpJson.Response r = node.submit(task, WAIT);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (r.status() != 200 || !"succeeded".equals(r.body().path("state").asText())) {
      throw new IOException("task for " + model + " answered " + r.status() + ": " + r.body());
    }
    return seconds;
  }

  private static void estimateVsRss(BenchEnv env, Report report) throws Exception {
    String[][] shapes = {{"Q4_0", "24", "1536", "4096"}, {"Q8_0", "16", "1024", "2816"}, {"F16", "16", "1024", "2816"}};
    for (String[] s : shapes) {
      BenchModel m = BenchModels.synth(env, "rss-" + s[0], "--layers", s[1], "--dim", s[2], "--ff", s[3],
          "--quant", s[0]);
      GgufFile gguf = GgufReader.read(m.path());
      ModelShape shape = ModelShape.of(gguf);
      MemoryEstimate estimate = MemoryEstimate.of(shape, 2048, 512, ModelFiles.ENGINE_RUNTIME_RESERVE_BYTES,
          ModelFiles.repackedBytes(gguf));
      EngineSpec spec = EngineSpec.of(m.path(), env.newDir("rss-" + s[0])).withContext(2048, env.threads(), 512);
      long rss;
      try (EngineProcess engine = EngineProcess.start(spec)) {
        engine.load(true).get(120, TimeUnit.SECONDS);
        engine.generate(GenerateRequest.greedy("Once upon a time", 32), t -> { }).get(120, TimeUnit.SECONDS);
        rss = engine.rssBytes();
      }
      String label = s[0] + " " + s[1] + "x" + s[2];
      report.figure(NAME, label + " RAM estimate", estimate.totalBytes() / 1048576.0, "MiB");
      report.figure(NAME, label + " engine RSS after a generation", rss / 1048576.0, "MiB");
      report.ratio(NAME, label + " estimate / RSS", (double) estimate.totalBytes() / rss,
          ">= 1.0: admission never lets a model in that does not fit");
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
