package dev.mesh.node.engine;

import dev.mesh.node.testing.TestModels;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model for real-inference engine tests: stories260K when ../shared has it (CI), otherwise the synthetic
 * model from {@link TestModels} — still real inference, but the assertions that need a trained model (coherent
 * English, its exact text, its width and tokenizer) only run on stories260K.
 *
 * @param stories stories260K, checked by sha256; empty on a fresh clone
 */
record TestModel(Optional<Path> stories) {

  /** Looks for stories260K once per call (TestModels prints a NOTE when it falls back to the synthetic model). */
  static TestModel find() throws IOException {
    return new TestModel(TestModels.stories260K());
  }

  /** True on stories260K: its coherence and exact-text checks apply. */
  boolean real() {
    return stories.isPresent();
  }

  Path path() throws IOException {
    return stories.isPresent() ? stories.get() : TestModels.synthetic();
  }

  /** The embedding width: stories260K's, or the default synthetic model's. */
  int embeddingWidth() {
    return real() ? TestModels.STORIES_DIM : SyntheticModel.Spec.defaults().dim();
  }

  /** A small engine: 512 tokens, 1 thread (for a 260K model, far faster than 2 on a 2-core box), niceness 5. */
  EngineSpec spec(Path workDir) throws IOException {
    return EngineSpec.of(path(), workDir).withContext(512, 1, 512);
  }
}
