package dev.mesh.protocol.advert;

import dev.mesh.protocol.task.TaskKind;
import java.util.List;

/**
 * A model a node can run: identity from its GGUF header, the kinds it serves, RAM it needs at
 * the configured context, and speeds measured on this node (tokens/s over {@code samples} runs).
 * {@code loaded} says whether its engine runs now; {@code residentBytes} is that engine's RSS
 * (already taken from the node's available RAM), so routing asks only for the difference.
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
    boolean synthetic,
    boolean loaded,
    long residentBytes) {

  public ModelInfo {
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
  }

  public boolean serves(TaskKind kind) {
    return kinds.contains(kind);
  }
}
