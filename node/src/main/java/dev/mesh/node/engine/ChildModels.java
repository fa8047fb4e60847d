package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;

/** The child's models: one for generation, and one with embeddings enabled (the same one if loaded that way). */
final class ChildModels {
  private static boolean nativeLoaded;
  private LoadConfig config;
  private LlamaModel generator;
  private LlamaModel embedder;
  private PromptRenderer renderer;

  /**
   * Loads the native library (this is where a CPU without AVX2 dies with SIGILL). The logger only sees
   * messages until the first model load: java-llama.cpp's loadModel re-points llama.cpp's log at stderr.
   */
  static synchronized void loadNative(boolean verbose) {
    if (!nativeLoaded) {
      LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
        if (verbose || level == LogLevel.WARN || level == LogLevel.ERROR) {
          System.err.print("llama " + level + ": " + message);
        }
      });
      nativeLoaded = true;
    }
  }

  ObjectNode load(long id, LoadConfig c) {
    if (generator != null) {
      throw new EngineException("already_loaded", "this engine already serves " + config.model()
          + "; start another engine for another model");
    }
    if (!Files.isReadable(Path.of(c.model()))) {
      throw new EngineException("load_failed", "model file not readable: " + c.model());
    }
    loadNative(c.verbose());
    long start = System.nanoTime();
    generator = open(c, c.embedding());
    embedder = c.embedding() ? generator : null;
    renderer = PromptRenderer.forModel(generator, Path.of(c.model()));
    config = c;
    ObjectNode loaded = Wire.message(id, "loaded");
    loaded.put("loadMs", (System.nanoTime() - start) / 1_000_000);
    loaded.put("nCtx", c.ctx());
    loaded.put("embedding", c.embedding());
    loaded.put("pooling", c.pooling().wire());
    loaded.put("template", renderer.chatFormat().wire());
    loaded.put("templateNote", renderer.note());
    describeRuntime(loaded);
    return loaded;
  }

  static void describeRuntime(ObjectNode reply) {
    reply.put("library", NativeLibrary.describeLoaded());
    Path file = NativeLibrary.extractedFile();
    reply.put("libraryFile", file != null && Files.exists(file) ? file.toString() : "");
    reply.put("os", NativeLibrary.osDescription());
    reply.put("java", System.getProperty("java.version"));
    reply.put("pid", ProcessHandle.current().pid());
  }

  LlamaModel generator() {
    if (generator == null) {
      throw new EngineException("not_loaded", "no model loaded: send load first");
    }
    return generator;
  }

  /** Opened on first use when the engine was loaded for generation only; weights are mmapped, so shared. */
  LlamaModel embedder() {
    generator();
    if (embedder == null) {
      embedder = open(config, true);
    }
    return embedder;
  }

  PromptRenderer renderer() {
    generator();
    return renderer;
  }

  LoadConfig config() {
    generator();
    return config;
  }

  private static LlamaModel open(LoadConfig c, boolean withEmbedding) {
    try {
      return new LlamaModel(c.parameters(withEmbedding));
    } catch (RuntimeException e) { // LlamaException is package-private in java-llama.cpp
      throw new EngineException("load_failed", "could not load " + c.model() + ": " + e.getMessage());
    }
  }
}
