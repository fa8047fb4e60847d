package dev.mesh.bench.constrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.node.engine.Constraint;
import dev.mesh.node.engine.EngineProcess;
import dev.mesh.node.engine.EngineSpec;
import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.node.engine.GenerateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What holding an output to a grammar costs: decode tokens/s of the same prompt on the same engine, free and held
 * to a JSON Schema that forces as many tokens (a string of fixed length), alternating ABBA so drift hits both.
 * Measured on the synthetic model (a byte vocabulary: a character is a token, so both runs decode alike) and on
 * stories260K when present (512 tokens: the grammar checks more candidates per step).
 */
public final class ConstrainedBench implements Benchmark {
  static final String NAME = "constrained";
  private static final int TOKENS = 160;
  private static final int WARM = 3;
  private static final int MEASURED = Integer.getInteger("mesh.bench.constrained.measured", 12);
  private static final String PROMPT = "Write the incident summary for the pump that failed twice this week:";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "decode tok/s held to a JSON Schema vs free, same engine and prompt (" + WARM + " warm + " + MEASURED
        + " measured each)";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    List<BenchModel> models = new ArrayList<>(List.of(BenchModels.synth(env, "synth-default")));
    BenchModel stories = BenchModels.stories(env);
    if (!stories.synthetic()) {
      models.add(stories);
    }
    for (BenchModel model : models) {
      measure(env, report, model);
    }
  }

  private static void measure(BenchEnv env, Report report, BenchModel model) throws Exception {
    // the string's characters plus {"summary":""}: about the free run's token count on a byte vocabulary
    JsonNode schema = new ObjectMapper().readTree("{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":"
        + "\"string\",\"minLength\":" + (TOKENS - 16) + ",\"maxLength\":" + (TOKENS - 16) + "}},"
        + "\"required\":[\"summary\"],\"additionalProperties\":false}");
    GenerateRequest free = new GenerateRequest(dev.mesh.node.engine.Prompt.text(PROMPT), TOKENS, 0.8, null, 1L,
        List.of(), Constraint.NONE);
    GenerateRequest held = free.withConstraint(new Constraint.JsonSchema(schema));
    EngineSpec spec = EngineSpec.of(model.path(), env.newDir("constrained-" + model.label()))
        .withContext(1024, env.threads(), 512);
    List<Double> freeRates = new ArrayList<>();
    List<Double> heldRates = new ArrayList<>();
    try (EngineProcess engine = EngineProcess.start(spec)) {
      engine.load().get(60, TimeUnit.SECONDS);
      for (int round = 0; round < WARM + MEASURED; round++) {
        boolean freeFirst = round % 2 == 0;
        GenerateResult a = run(engine, freeFirst ? free : held);
        GenerateResult b = run(engine, freeFirst ? held : free);
        if (round >= WARM) {
          freeRates.add((freeFirst ? a : b).decodeTokensPerSecond());
          heldRates.add((freeFirst ? b : a).decodeTokensPerSecond());
        }
      }
    }
    double freeMedian = median(freeRates);
    double heldMedian = median(heldRates);
    report.figure(NAME, model.label() + " decode free", freeMedian, "tok/s");
    report.figure(NAME, model.label() + " decode held to a schema", heldMedian, "tok/s");
    report.ratio(NAME, model.label() + " held / free", heldMedian / freeMedian, "1.0 = a grammar costs nothing");
  }

  private static GenerateResult run(EngineProcess engine, GenerateRequest request) throws Exception {
    return engine.generate(request, t -> { }).get(120, TimeUnit.SECONDS);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
