package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.mesh.node.engine.EngineSpec;
import dev.mesh.node.engine.EngineSupervisor;
import dev.mesh.node.engine.RestartPolicy;
import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.node.testing.Poll;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh model on a real engine measures its grammar-held kinds before any task, and estimates by what it measured. */
class KindCalibrationTest {
  private static final long TIMEOUT_S = 60;

  @Test
  void aFreshModelMeasuresEachGrammarHeldKindAndEstimatesByIt(@TempDir Path dir) throws Exception {
    Path gguf = ModelFixtures.withTemplate(dir, "chatml", ModelFixtures.CHATML);
    ModelFile file = ModelFiles.read("test", "chatml", gguf, 1024, 512);
    EngineSpec spec = EngineSpec.of(gguf, dir.resolve("engine")).withContext(1024, 1, 512);
    try (LocalModel model = new LocalModel(file, () -> EngineSupervisor.start(spec, true, RestartPolicy.DEFAULT))) {
      model.load();
      Poll.until("engine ready", Duration.ofSeconds(TIMEOUT_S), () -> model.engineStatus().ready());
      model.selfBenchmark().get(TIMEOUT_S, TimeUnit.SECONDS);
      TaskRequest score = TaskRequest.score("an item to rate", Scoring.defaults());
      TaskRequest classify = TaskRequest.classify("a line to label", List.of("a", "b"));
      TaskRequest generate = TaskRequest.generate("a story");
      double scoreByTokens = model.estimateSeconds(score);
      double generateBefore = model.estimateSeconds(generate);

      Map<String, Double> factors = model.calibrateKinds().get(TIMEOUT_S, TimeUnit.SECONDS);

      assertThat(factors).containsOnlyKeys("classify", "score");
      assertThat(factors.values()).allSatisfy(f -> assertThat(f).isBetween(KindFactors.MIN_FACTOR,
          KindFactors.MAX_FACTOR));
      // the factors come rounded to three places
      assertThat(model.estimateSeconds(score)).isCloseTo(scoreByTokens * factors.get("score"), withinPercentage(1));
      assertThat(model.estimateSeconds(classify)).isPositive();
      assertThat(model.estimateSeconds(generate)).as("a kind without a grammar is not touched")
          .isEqualTo(generateBefore);
    }
  }
}
