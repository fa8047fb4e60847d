package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.protocol.gguf.SyntheticModel;
import dev.mesh.protocol.task.Pooling;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pooling in the real engine: CLS and LAST give one sentence vector; MEAN on a llama-architecture model aborts
 * llama.cpp b4916 — found here, in the isolated engine, never in the node. Should a newer llama.cpp fix it, the
 * last test fails and the LAST fallback in {@code EmbeddingPooling} can go.
 */
class PoolingTest {
  private static final long TIMEOUT_S = 30;
  private static final String TEXT = "the pump failed twice this week";

  @TempDir
  Path dir;

  @Test
  void lastAndClsGiveOneVectorOfTheModelsWidthAndDiffer() throws Exception {
    Path model = ModelFixtures.write(dir, "m", w -> w);
    float[] last = embed(model, Pooling.LAST);
    float[] cls = embed(model, Pooling.CLS);
    assertThat(last).hasSize(SyntheticModel.Spec.defaults().dim());
    assertThat(cls).hasSize(last.length);
    assertThat(cls).isNotEqualTo(last);
  }

  @Test
  void meanOnALlamaModelAbortsTheEngineNotTheCaller() throws Exception {
    Path model = ModelFixtures.write(dir, "m", w -> w);
    EngineSpec spec = EngineSpec.of(model, dir.resolve("engine-mean")).withContext(256, 1, 256)
        .withPooling(Pooling.MEAN);
    try (EngineProcess engine = EngineProcess.start(spec)) {
      // it aborts already in the load's warm-up decode (measured: SIGABRT while loading)
      assertThatThrownBy(() -> engine.load(true).get(TIMEOUT_S, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EngineCrashedException.class)
          .hasMessageContaining("SIGABRT");
    }
  }

  private float[] embed(Path model, Pooling pooling) throws Exception {
    EngineSpec spec = EngineSpec.of(model, dir.resolve("engine-" + pooling)).withContext(256, 1, 256)
        .withPooling(pooling);
    try (EngineProcess engine = EngineProcess.start(spec)) {
      engine.load(true).get(TIMEOUT_S, TimeUnit.SECONDS);
      return engine.embed(TEXT).get(TIMEOUT_S, TimeUnit.SECONDS).vector();
    }
  }
}
