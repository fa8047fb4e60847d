package dev.mesh.bench.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.bench.process.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decode speed through the node's HTTP API against java-llama.cpp called in this JVM: same model, threads,
 * prompts and run. The two paths alternate (ABBA) so drift on a shared machine hits both alike; they never
 * generate at the same time.
 */
public final class DecodeBench implements Benchmark {
  static final String NAME = "decode";
  static final int MAX_TOKENS = 256;
  // story openings stories260K keeps telling for a while; a generation that hits EOS early is counted as it is
  static final List<String> PROMPTS = List.of(
      "Once upon a time", "One day, a little girl named Lily went to the park", "Tom and his dog Max");
  private static final int WARM = Integer.getInteger("mesh.bench.decode.warm", 5);
  private static final int MEASURED = Integer.getInteger("mesh.bench.decode.measured", 20);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "decode tok/s via POST /v1/tasks vs java-llama.cpp in this JVM (" + MAX_TOKENS + " tokens, "
        + WARM + " warm + " + MEASURED + " measured each)";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    report.note(NAME, "model " + model.label() + ", " + env.threads() + " threads" + suffix(model.note()));
    NodeSpec spec = new NodeSpec("decode", model.path(), true, env.threads(),
        LauncherOptions.read(env.launcher()));
    try (NodeProcess node = NodeProcess.start(env, spec)) {
      node.awaitHealthy(START_TIMEOUT);
      // loaded while the node's engine is idle: the two never compute at the same time
      List<GenerationPath> paths = List.of(DirectPath.load(model.path(), env.threads()), new NodePath(node));
      Samples samples = measure(paths);
      reportFigures(report, samples);
      reportAdvert(report, node, Median.of(samples.byPath().get("node"), Generation::decodeTokensPerSecond));
    }
  }

  /** Measured generations by path name, and the token counts every path produced for each prompt. */
  private record Samples(Map<String, List<Generation>> byPath, Map<String, Set<String>> tokensByPrompt) {}

  private static Samples measure(List<GenerationPath> paths) throws Exception {
    Samples samples = new Samples(new TreeMap<>(), new TreeMap<>());
    for (int round = 0; round < WARM + MEASURED; round++) {
      String prompt = PROMPTS.get(round % PROMPTS.size());
      for (int i = 0; i < paths.size(); i++) {
        GenerationPath path = paths.get(round % 2 == 0 ? i : paths.size() - 1 - i); // ABBA order
        Generation g = path.generate(prompt, MAX_TOKENS);
        if (round >= WARM) {
          samples.byPath().computeIfAbsent(path.name(), k -> new ArrayList<>()).add(g);
        }
        samples.tokensByPrompt().computeIfAbsent(prompt, k -> new TreeSet<>()).add(path.name() + "=" + g.tokens());
      }
    }
    return samples;
  }

  private static void reportFigures(Report report, Samples samples) {
    List<Generation> direct = samples.byPath().get("direct");
    List<Generation> node = samples.byPath().get("node");
    double directDecode = Median.of(direct, Generation::decodeTokensPerSecond);
    double nodeDecode = Median.of(node, Generation::decodeTokensPerSecond);
    double directE2e = Median.of(direct, Generation::endToEndTokensPerSecond);
    double nodeE2e = Median.of(node, Generation::endToEndTokensPerSecond);
    report.figure(NAME, "direct decode (median)", directDecode, "tok/s");
    report.figure(NAME, "node decode (median)", nodeDecode, "tok/s");
    report.ratio(NAME, "node/direct decode", nodeDecode / directDecode, "target >= 0.95");
    report.figure(NAME, "direct end-to-end (median)", directE2e, "tok/s");
    report.figure(NAME, "node end-to-end (median)", nodeE2e, "tok/s");
    report.ratio(NAME, "node/direct end-to-end", nodeE2e / directE2e, "");
    report.figure(NAME, "direct overhead outside prefill+decode", Median.of(direct, Generation::overheadMillis), "ms");
    report.figure(NAME, "node overhead outside prefill+decode", Median.of(node, Generation::overheadMillis), "ms");
    report.figure(NAME, "  node: accepted -> engine started", Median.of(node, g -> g.queuedNanos() / 1e6), "ms");
    report.figure(NAME, "  node: engine call beyond prefill+decode",
        Median.of(node, Generation::engineCallOverheadMillis), "ms");
    report.figure(NAME, "  node: result -> HTTP response", Median.of(node, Generation::afterResultMillis), "ms");
    report.figure(NAME, "direct prefill (median)", Median.of(direct, g -> g.prefillNanos() / 1e6), "ms");
    report.figure(NAME, "node prefill (median)", Median.of(node, g -> g.prefillNanos() / 1e6), "ms");
    // the same tokens on both paths is the check that both really ran the same greedy generation
    report.note(NAME, "completion tokens per prompt: " + samples.tokensByPrompt());
  }

  /** What the node now advertises (routing scores on it) against what it was just measured doing. */
  private static void reportAdvert(Report report, NodeProcess node, double measuredDecode) throws Exception {
    JsonNode model = node.clusterStatus().path("nodes").path(0).path("models").path(0);
    double advertised = model.path("decodeTokensPerSecond").asDouble(Double.NaN);
    report.figure(NAME, "node advert decode after the run", advertised, "tok/s");
    report.ratio(NAME, "advert/measured node decode", advertised / measuredDecode, "routing input, ~1.0 wanted");
    report.figure(NAME, "node advert prefill after the run", model.path("prefillTokensPerSecond").asDouble(Double.NaN),
        "tok/s");
  }

  private static String suffix(String note) {
    return note.isEmpty() ? "" : " (" + note + ")";
  }
}
