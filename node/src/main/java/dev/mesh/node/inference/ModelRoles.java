package dev.mesh.node.inference;

import dev.mesh.node.config.ModelConfig;
import dev.mesh.protocol.task.TaskKind;
import java.util.Arrays;
import java.util.List;

/**
 * What a model is for in the node's stack: the kinds it serves, more names tasks may use for it, and its tier.
 * Kinds default from the GGUF: an embedding-only model (an encoder: BERT, nomic-bert, ...) serves {@code embed};
 * any other serves every kind — but leaves {@code embed} to an embedding model when the node has one.
 *
 * @param tier e.g. light or heavy; empty when the config names none
 */
public record ModelRoles(List<TaskKind> kinds, List<String> aliases, String tier) {

  public ModelRoles {
    kinds = List.copyOf(kinds);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    tier = tier == null ? "" : tier;
  }

  static ModelRoles of(ModelConfig config, String architecture, boolean nodeHasEmbeddingModel) {
    List<TaskKind> kinds = config.kinds().isEmpty()
        ? defaultKinds(architecture, nodeHasEmbeddingModel)
        : config.kinds().stream().map(TaskKind::parse).distinct().toList();
    return new ModelRoles(kinds, config.aliases(), config.tier());
  }

  static List<TaskKind> defaultKinds(String architecture, boolean nodeHasEmbeddingModel) {
    if (EmbeddingPooling.encoder(architecture)) {
      return List.of(TaskKind.EMBED);
    }
    return Arrays.stream(TaskKind.values()).filter(k -> k != TaskKind.EMBED || !nodeHasEmbeddingModel).toList();
  }

  public boolean serves(TaskKind kind) {
    return kinds.contains(kind);
  }

  /** The tier as adverts carry it: null when there is none. */
  public String advertisedTier() {
    return tier.isEmpty() ? null : tier;
  }
}
