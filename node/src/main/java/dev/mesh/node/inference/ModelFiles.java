package dev.mesh.node.inference;

import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.LibraryConfig;
import dev.mesh.node.library.Discovery;
import dev.mesh.node.library.FoundModel;
import dev.mesh.node.library.LibrarySettings;
import dev.mesh.node.library.SkippedModel;
import dev.mesh.node.config.ModelConfig;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.node.engine.CpuProbe;
import dev.mesh.protocol.gguf.GgufException;
import dev.mesh.protocol.gguf.GgufFile;
import dev.mesh.protocol.gguf.GgufReader;
import dev.mesh.protocol.gguf.MemoryEstimate;
import dev.mesh.protocol.gguf.ModelShape;
import dev.mesh.protocol.gguf.RepackedWeights;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** The models a node serves and the ones on disk it could not use, with why. */
  public record Resolved(List<ModelFile> files, List<SkippedModel> skipped) {
  }

  /**
   * Blocking: reads every GGUF header. A bad configured file fails with the config key and what is wrong; a bad
   * file found on disk (Ollama's store, {@code library.dirs}) is skipped with why, never stopping the node.
   */
  public static Resolved resolve(NodeConfig config) {
    LibraryConfig lib = config.library();
    LibrarySettings settings = new LibrarySettings(lib.ollama(), lib.ollamaModelsPath(), lib.dirPaths());
    return resolve(config, Discovery.run(settings, System.getenv(), Path.of(System.getProperty("user.home"))));
  }

  static Resolved resolve(NodeConfig config, Discovery found) {
    List<ModelFile> files = new ArrayList<>();
    List<ModelConfig> configs = new ArrayList<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelConfig m = config.models().get(i);
      int ctx = m.contextTokens() != null ? m.contextTokens() : config.engine().contextTokens();
      files.add(read("models[" + i + "].path", m.effectiveId(), m.filePath(), ctx, config.engine().batchTokens()));
      configs.add(m);
    }
    List<SkippedModel> skipped = new ArrayList<>(found.skipped());
    int configured = files.size();
    for (FoundModel model : found.found()) {
      Optional<String> taken = taken(model, files.subList(0, configured), config.models());
      if (taken.isPresent()) {
        continue; // configured already, with its own settings
      }
      int same = indexOfFile(files, configured, model.path());
      if (same >= 0) { // one blob under two names (ollama cp): one model, the later name an alias
        ModelConfig first = configs.get(same);
        List<String> aliases = new ArrayList<>(first.aliases());
        aliases.add(model.name());
        configs.set(same, new ModelConfig(first.path(), first.id(), null, null, aliases, null));
        continue;
      }
      try {
        files.add(read(model.source().wire() + " model " + model.name(), model.name(), model.path(),
            config.engine().contextTokens(), config.engine().batchTokens())
            .withOrigin(model.source() == FoundModel.Source.OLLAMA ? ModelFile.Origin.OLLAMA : ModelFile.Origin.FOLDER));
        configs.add(new ModelConfig(model.path().toString(), model.name(), null));
      } catch (ConfigException e) {
        LOG.warn("{} model skipped: {}: {}", model.source().wire(), model.path(), e.getMessage());
        skipped.add(new SkippedModel(model.source(), model.path().toString(), e.getMessage()));
      }
    }
    if (files.isEmpty()) {
      return new Resolved(List.of(syntheticDefault(config)), skipped);
    }
    boolean hasEmbeddingModel = files.stream().anyMatch(f -> EmbeddingPooling.encoder(f.shape().architecture()));
    List<ModelFile> withRoles = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ModelFile f = files.get(i);
      withRoles.add(f.withRoles(ModelRoles.of(configs.get(i), f.shape().architecture(), hasEmbeddingModel)));
    }
    return new Resolved(withRoles, skipped);
  }

  /** The index of a found model already read (from {@code from} on) that is this file, or -1. */
  private static int indexOfFile(List<ModelFile> files, int from, Path path) {
    for (int i = from; i < files.size(); i++) {
      if (sameFile(files.get(i).path(), path)) {
        return i;
      }
    }
    return -1;
  }

  /** A found model the config names already: by file, or by id or alias. */
  private static Optional<String> taken(FoundModel model, List<ModelFile> files, List<ModelConfig> configured) {
    boolean samePath = files.stream().anyMatch(f -> sameFile(f.path(), model.path()));
    boolean sameName = configured.stream().anyMatch(c -> c.effectiveId().equals(model.name())
        || c.aliases().contains(model.name()));
    return samePath || sameName ? Optional.of(model.name()) : Optional.empty();
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
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
    MemoryEstimate estimate = MemoryEstimate.of(shape, ctx, batch, ENGINE_RUNTIME_RESERVE_BYTES, repackedBytes(gguf));
    EmbeddingPooling pooling = EmbeddingPooling.choose(shape.architecture(),
        gguf.integer(shape.architecture() + ".pooling_type"));
    ModelRoles roles = new ModelRoles(ModelRoles.defaultKinds(shape.architecture(), false), null, null);
    return new ModelFile(id, path, shape, ctx, batch, estimate, pooling, roles, ModelFile.Origin.CONFIGURED);
  }

  /** Weights llama.cpp's bundled library would hold twice for this model on this machine's CPU. */
  public static long repackedBytes(GgufFile gguf) {
    return RepackedWeights.bytes(gguf, System.getProperty("os.arch"), CpuProbe.thisMachineFeatures());
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
        config.engine().batchTokens()).withOrigin(ModelFile.Origin.SYNTHETIC);
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
