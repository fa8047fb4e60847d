package dev.mesh.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.MeshCli;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.NodeSpec;
import dev.mesh.bench.process.ProcMemory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The node's memory estimate for a model (what admission trusts) against the engine process's measured RSS after
 * load and at its peak after a prompt that fills the context short of a generation, for three synthetic shapes of
 * one size in F16, Q8_0 and Q4_0 (Q4_0 is the one llama.cpp repacks on x86-64) at two context sizes, and
 * stories260K (too small to say much: its estimate is nearly all fixed costs).
 */
public final class MemoryEstimateBench implements Benchmark {
  static final String NAME = "memory-estimate";
  /** engine.contextTokens for each run: the node's default, and twice it (the synthetic models allow 4096). */
  static final List<Integer> CONTEXTS = List.of(2048, 4096);
  static final int GENERATE_TOKENS = 128;
  /** Within this of the measured peak the estimate is honest enough for admission (issue 15). */
  static final double TOLERANCE = 0.15;
  // one size for all three types: 12 layers of 1024 x 2816, 154 M parameters (295 MiB in F16, 83 MiB in Q4_0)
  private static final String[] SHAPE = {"--layers", "12", "--dim", "1024", "--ff", "2816", "--ctx", "4096"};
  private static final List<String> QUANTS = List.of("F16", "Q8_0", "Q4_0");
  private static final double MIB = 1 << 20;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration GENERATE_DEADLINE = Duration.ofMinutes(20);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "estimatedRamBytes vs engine RSS after load and at peak after a prompt filling ctx "
        + CONTEXTS + " short of " + GENERATE_TOKENS + " generated tokens (target: within ±"
        + Math.round(TOLERANCE * 100) + " % of peak)";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    List<String> options = LauncherOptions.read(env.launcher());
    BenchModel stories = BenchModels.stories(env);
    measure(env, report, stories, CONTEXTS.get(0), options);
    for (String quant : QUANTS) {
      BenchModel model = BenchModels.synth(env, "synth-12x1024-" + quant.toLowerCase(Locale.ROOT),
          withQuant(quant));
      for (int ctx : CONTEXTS) {
        measure(env, report, model, ctx, options);
      }
    }
  }

  private static void measure(BenchEnv env, Report report, BenchModel model, int ctx, List<String> options)
      throws Exception {
    if (!model.note().isEmpty()) {
      report.note(NAME, model.note());
    }
    report.note(NAME, model.label() + ": " + inspect(env, model, ctx));
    // the node self-benchmarks (64 + 64 tokens) before it reports healthy: "after load" includes that
    try (NodeProcess node = NodeProcess.start(env, "mem-" + model.label() + "-" + ctx, config(env, model, ctx),
        options, List.of("--no-cluster"))) {
      node.awaitHealthy(START_TIMEOUT);
      long enginePid = node.enginePid(START_TIMEOUT);
      JsonNode advert = node.clusterStatus().path("nodes").path(0).path("models").path(0);
      double estimate = advert.path("estimatedRamBytes").asDouble(Double.NaN) / MIB;
      int context = advert.path("contextLength").asInt(ctx);
      ProcMemory loaded = ProcMemory.of(enginePid);
      LongPrompt prompt = LongPrompt.forContext(node, context, GENERATE_TOKENS);
      JsonNode result = node.generateToEnd(prompt.text(), GENERATE_TOKENS, GENERATE_DEADLINE);
      ProcMemory after = ProcMemory.of(enginePid);
      String m = model.label() + " ctx " + context + " ";
      int used = result.path("usage").path("promptTokens").asInt() + result.path("usage").path("completionTokens")
          .asInt();
      report.figure(NAME, m + "estimate", estimate, "MiB");
      report.figure(NAME, m + "engine RSS after load", loaded.rssMib(), "MiB");
      report.figure(NAME, m + "engine peak RSS, " + used + " of " + context + " tokens", after.hwmMib(), "MiB");
      report.figure(NAME, m + "  of it file-backed (mapped weights, JVM)", after.fileMib(), "MiB");
      report.figure(NAME, m + "  of it anonymous (copies, KV, buffers, heap)", after.anonMib(), "MiB");
      report.ratio(NAME, m + "estimate/RSS after load", estimate / loaded.rssMib(), "");
      report.ratio(NAME, m + "estimate/peak RSS", estimate / after.hwmMib(), verdict(estimate / after.hwmMib()));
    }
  }

  private static String[] withQuant(String quant) {
    String[] args = Arrays.copyOf(SHAPE, SHAPE.length + 2);
    args[SHAPE.length] = "--quant";
    args[SHAPE.length + 1] = quant;
    return args;
  }

  /** One model at one context: what {@link NodeSpec}'s default config is, plus engine.contextTokens. */
  private static ObjectNode config(BenchEnv env, BenchModel model, int ctx) {
    ObjectNode c = HttpJson.JSON.createObjectNode();
    c.putObject("engine").put("threads", env.threads()).put("contextTokens", ctx);
    c.putArray("models").addObject().put("path", model.path().toString()).put("id", NodeSpec.MODEL_ID);
    return c;
  }

  static String verdict(double ratio) {
    String band = Math.round(TOLERANCE * 100) + " %";
    if (Math.abs(ratio - 1) <= TOLERANCE) {
      return "within ±" + band + (ratio >= 1 ? ", covers peak" : ", under peak");
    }
    return ratio > 1 ? "OVER by more than " + band + ": admission would turn away models that fit"
        : "UNDER by more than " + band + ": admission would over-commit";
  }

  /** The breakdown line of {@code mesh model inspect FILE --ctx N}. */
  private static String inspect(BenchEnv env, BenchModel model, int ctx) throws Exception {
    String out = MeshCli.run(env, "model", "inspect", model.path().toString(), "--ctx", Integer.toString(ctx));
    return out.lines().filter(l -> l.startsWith("at ")).findFirst().orElse(out.strip());
  }
}
