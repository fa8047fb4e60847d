package dev.mesh.node.inference;

import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.ModelConfig;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.protocol.gguf.GgufException;
import dev.mesh.protocol.gguf.GgufFile;
import dev.mesh.protocol.gguf.GgufReader;
import dev.mesh.protocol.gguf.MemoryEstimate;
import dev.mesh.protocol.gguf.ModelShape;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the models a node serves: those in its config, or — on a fresh machine with none —
 * a synthetic llama GGUF written into the data folder, so the quick start runs real inference offline.
 */
public final class ModelFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);
  /** What the engine process itself costs on top of the model (JVM + native library), measured. */
  public static final long ENGINE_RUNTIME_RESERVE_BYTES = 96L * 1024 * 1024;
  public static final String SYNTHETIC_DEFAULT_NAME = "mesh-synthetic-default.gguf";

  private ModelFiles() {}

  /** Blocking: reads every GGUF header. A bad file fails with the config key and what is wrong. */
  public static List<ModelFile> resolve(NodeConfig config) {
    List<ModelFile> files = new ArrayList<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelConfig m = config.models().get(i);
      Path path = m.filePath();
      String id = m.effectiveId();
      int ctx = m.contextTokens() != null ? m.contextTokens() : config.engine().contextTokens();
      files.add(read("models[" + i + "].path", id, path, ctx, config.engine().batchTokens()));
    }
    if (files.isEmpty()) {
      return List.of(syntheticDefault(config));
    }
    boolean hasEmbeddingModel = files.stream().anyMatch(f -> EmbeddingPooling.encoder(f.shape().architecture()));
    List<ModelFile> withRoles = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ModelFile f = files.get(i);
      withRoles.add(f.withRoles(ModelRoles.of(config.models().get(i), f.shape().architecture(), hasEmbeddingModel)));
    }
    return withRoles;
  }

  public static ModelFile read(String key, String id, Path path, int requestedCtx, int batchTokens) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(key + ": model file " + path + " does not exist or is not a file");
    }
    ModelShape shape;
    GgufFile gguf;
    try {
      gguf = GgufReader.read(path);
      shape = ModelShape.of(gguf);
    } catch (GgufException e) {
      throw new ConfigException(key + ": " + e.getMessage(), e);
    }
    if (!"llama".equals(shape.architecture())) {
      LOG.warn("{}: architecture '{}' is untested with this engine", key, shape.architecture());
    }
    int ctx = Math.min(requestedCtx, shape.contextLength());
    int batch = Math.min(batchTokens, ctx);
    MemoryEstimate estimate = MemoryEstimate.of(shape, ctx, batch, ENGINE_RUNTIME_RESERVE_BYTES);
    EmbeddingPooling pooling = EmbeddingPooling.choose(shape.architecture(),
        gguf.integer(shape.architecture() + ".pooling_type"));
    ModelRoles roles = new ModelRoles(ModelRoles.defaultKinds(shape.architecture(), false), null, null);
    return new ModelFile(id, path, shape, ctx, batch, estimate, pooling, roles);
  }

  private static ModelFile syntheticDefault(NodeConfig config) {
    Path path = config.dataPath().resolve("models").resolve(SYNTHETIC_DEFAULT_NAME);
    SyntheticModel.Spec spec = SyntheticModel.Spec.defaults();
    try {
      if (!Files.isRegularFile(path) || !readable(path)) {
        Files.createDirectories(path.getParent());
        LOG.info("no model configured: writing a synthetic model to {} (random weights: its output is nonsense)", path);
        SyntheticModel.write(spec, path);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot write the synthetic default model to " + path + ": " + e.getMessage(), e);
    }
    return read("synthetic default model", "synthetic", path, config.engine().contextTokens(),
        config.engine().batchTokens());
  }

  private static boolean readable(Path path) {
    try {
      return ModelShape.of(GgufReader.read(path)).synthetic();
    } catch (GgufException e) {
      LOG.warn("synthetic default model {} is unreadable ({}); writing it again", path, e.getMessage());
      return false;
    }
  }
}
