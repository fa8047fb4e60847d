package dev.mesh.protocol.advert;

import dev.mesh.protocol.task.TaskKind;
import java.util.List;

/**
 * A model a node can run: identity from its GGUF header, the kinds it serves, RAM it needs at
 * the configured context, and speeds measured on this node (tokens/s over {@code samples} runs).
 */
public record ModelInfo(
    String id,
    String file,
    String architecture,
    long parameters,
    String quantization,
    int contextLength,
    List<TaskKind> kinds,
    long estimatedRamBytes,
    double prefillTokensPerSecond,
    double decodeTokensPerSecond,
    long samples,
    boolean synthetic) {

  public ModelInfo {
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
  }

  public boolean serves(TaskKind kind) {
    return kinds.contains(kind);
  }
}
