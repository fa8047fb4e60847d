package dev.mesh.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.MeshCli;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.NodeSpec;
import dev.mesh.bench.process.ProcMemory;
import java.time.Duration;
import java.util.List;

/**
 * The node's memory estimate for a model (what admission trusts) against the engine process's measured RSS
 * after load, after one short generation, and at its peak after a prompt that fills the batch and most of the
 * context, for models of clearly different sizes.
 */
public final class MemoryEstimateBench implements Benchmark {
  static final String NAME = "memory-estimate";
  static final int CONTEXT_TOKENS = 2048; // the node's default engine.contextTokens
  static final int GENERATE_TOKENS = 128;
  // a prompt of this many tokens fills the 512-token batch and most of the KV cache: the worst case the estimate
  // is for, where a short prompt leaves most compute and KV pages untouched (so not resident)
  static final int LONG_PROMPT_TOKENS = CONTEXT_TOKENS - GENERATE_TOKENS - 128;
  private static final String STORY = "Once upon a time there was a little girl named Lily who loved to play in"
      + " the park with her friends and her big red ball. ";
  private static final int CALIBRATION_CHARS = 400;
  private static final double MIB = 1 << 20;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration GENERATE_WAIT = Duration.ofSeconds(120);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "estimatedRamBytes (ctx " + CONTEXT_TOKENS + ") vs engine RSS after load, after a "
        + GENERATE_TOKENS + "-token generation, and at peak after a ~" + LONG_PROMPT_TOKENS + "-token prompt";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    List<String> options = LauncherOptions.read(env.launcher());
    List<BenchModel> models = List.of(
        BenchModels.stories(env),
        BenchModels.synth(env, "synth-4x128-f32", "--layers", "4", "--dim", "128"),
        BenchModels.synth(env, "synth-8x768-f32", "--layers", "8", "--dim", "768", "--ff", "2048"),
        BenchModels.synth(env, "synth-8x768-q8_0", "--layers", "8", "--dim", "768", "--ff", "2048",
            "--quant", "Q8_0"));
    for (BenchModel model : models) {
      measure(env, report, model, options);
    }
  }

  private static void measure(BenchEnv env, Report report, BenchModel model, List<String> options)
      throws Exception {
    if (!model.note().isEmpty()) {
      report.note(NAME, model.note());
    }
    report.note(NAME, model.label() + ": " + inspect(env, model));
    // the node self-benchmarks (64 + 64 tokens) before it reports healthy: "after load" includes that
    NodeSpec spec = new NodeSpec("mem-" + model.label(), model.path(), false, env.threads(), options);
    try (NodeProcess node = NodeProcess.start(env, spec)) {
      node.awaitHealthy(START_TIMEOUT);
      long enginePid = node.enginePid(START_TIMEOUT);
      double estimate = node.clusterStatus().path("nodes").path(0).path("models").path(0)
          .path("estimatedRamBytes").asDouble(Double.NaN) / MIB;
      ProcMemory loaded = ProcMemory.of(enginePid);
      JsonNode result = node.generate("Once upon a time", GENERATE_TOKENS, GENERATE_WAIT);
      ProcMemory generated = ProcMemory.of(enginePid);
      JsonNode longResult = node.generate(longPrompt(node), GENERATE_TOKENS, GENERATE_WAIT);
      ProcMemory afterLong = ProcMemory.of(enginePid);
      String m = model.label() + " ";
      report.figure(NAME, m + "estimate", estimate, "MiB");
      report.figure(NAME, m + "engine RSS after load", loaded.rssMib(), "MiB");
      report.figure(NAME, m + "engine RSS after " + result.path("usage").path("completionTokens").asInt()
          + " tokens", generated.rssMib(), "MiB");
      report.figure(NAME, m + "engine RSS anonymous after generation", generated.anonMib(), "MiB");
      report.figure(NAME, m + "engine peak RSS after a " + longResult.path("usage").path("promptTokens").asInt()
          + "-token prompt", afterLong.hwmMib(), "MiB");
      report.ratio(NAME, m + "estimate/RSS after load", estimate / loaded.rssMib(), "");
      report.ratio(NAME, m + "estimate/RSS after generation", estimate / generated.rssMib(), "");
      report.ratio(NAME, m + "estimate/peak RSS after long prompt", estimate / afterLong.hwmMib(),
          estimate >= afterLong.hwmMib() ? "covers peak" : "UNDER peak: admission would over-commit");
    }
  }

  /**
   * About {@link #LONG_PROMPT_TOKENS} tokens of story for this model's tokenizer (a byte vocabulary needs up to
   * 3 tokens a character), sized from the token count of a short piece of the same text.
   */
  private static String longPrompt(NodeProcess node) throws Exception {
    String text = STORY.repeat(CONTEXT_TOKENS * 4 / STORY.length() + 1);
    int tokens = node.generate(text.substring(0, CALIBRATION_CHARS), 1, GENERATE_WAIT)
        .path("usage").path("promptTokens").asInt();
    if (tokens < 1) {
      throw new IllegalStateException("the node reported no prompt tokens for a " + CALIBRATION_CHARS
          + "-char prompt");
    }
    return text.substring(0, Math.min(text.length(), LONG_PROMPT_TOKENS * CALIBRATION_CHARS / tokens));
  }

  /** The breakdown line of {@code mesh model inspect FILE --ctx 2048}. */
  private static String inspect(BenchEnv env, BenchModel model) throws Exception {
    String out = MeshCli.run(env, "model", "inspect", model.path().toString(), "--ctx",
        Integer.toString(CONTEXT_TOKENS));
    return out.lines().filter(l -> l.startsWith("at ")).findFirst().orElse(out.strip());
  }
}
