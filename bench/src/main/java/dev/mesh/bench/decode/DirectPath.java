package dev.mesh.bench.decode;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Path;

/** The baseline: java-llama.cpp in this JVM, loaded and called as a user of the library would. */
final class DirectPath implements GenerationPath {
  private static final int CONTEXT_TOKENS = 2048;
  private final LlamaModel model;

  private DirectPath(LlamaModel model) {
    this.model = model;
  }

  /** Never closed: close() frees no memory and the JVM ends with System.exit anyway. */
  static DirectPath load(Path gguf, int threads) {
    // quiets model loading; the server's per-request lines still reach stderr, which bench/run keeps in a file
    LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
      if (level == LogLevel.ERROR) {
        System.err.print("llama: " + message);
      }
    });
    return new DirectPath(new LlamaModel(new ModelParameters().setModel(gguf.toString())
        .setCtxSize(CONTEXT_TOKENS).setThreads(threads)));
  }

  @Override
  public String name() {
    return "direct";
  }

  /** Times tokens as the node's engine does: every output but the last is one sampled token. */
  @Override
  public Generation generate(String prompt, int maxTokens) {
    // the engine sets cachePrompt(false) too: without it a repeated prompt would skip prefill here only
    InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens).setTemperature(0f)
        .setCachePrompt(false);
    long start = System.nanoTime();
    long first = 0;
    long last = 0;
    int tokens = 0;
    LlamaIterator outputs = model.generate(params).iterator();
    while (outputs.hasNext()) {
      outputs.next();
      long now = System.nanoTime();
      if (outputs.hasNext()) {
        tokens++;
        first = first == 0 ? now : first;
        last = now;
      }
    }
    long end = System.nanoTime();
    return new Generation(tokens, (tokens == 0 ? end : first) - start, last - first, end - start, 0, end - start);
  }
}
