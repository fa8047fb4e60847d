package dev.mesh.node.inference;

import dev.mesh.protocol.gguf.MemoryEstimate;
import dev.mesh.protocol.gguf.ModelShape;
import java.nio.file.Path;

/**
 * A GGUF the node will serve, read and sized before any engine starts: its header shape, the
 * context it will run at, what that costs in RAM, how it pools embeddings and what it serves in the stack.
 */
public record ModelFile(String id, Path path, ModelShape shape, int contextTokens, int batchTokens,
    MemoryEstimate estimate, EmbeddingPooling pooling, ModelRoles roles, Origin origin) {

  /** Where the node got it: its config, Ollama's store or a models folder (found on disk), or written itself. */
  public enum Origin {
    CONFIGURED, OLLAMA, FOLDER, SYNTHETIC;

    /** Found on disk rather than named: loaded only when a task needs it. */
    public boolean discovered() {
      return this == OLLAMA || this == FOLDER;
    }
  }

  public ModelFile withRoles(ModelRoles newRoles) {
    return new ModelFile(id, path, shape, contextTokens, batchTokens, estimate, pooling, newRoles, origin);
  }

  public ModelFile withOrigin(Origin newOrigin) {
    return new ModelFile(id, path, shape, contextTokens, batchTokens, estimate, pooling, roles, newOrigin);
  }
  /** llama.cpp embeds one batch at most: longer input is refused up front. */
  public int embedLimitTokens() {
    return Math.min(contextTokens, batchTokens);
  }

  public boolean synthetic() {
    return shape.synthetic();
  }
}
