package dev.mesh.node.remote;

import dev.mesh.node.config.RemoteModelConfig;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.ModelNames;
import dev.mesh.protocol.advert.Remote;
import dev.mesh.protocol.task.TaskKind;
import java.util.Arrays;
import java.util.List;

/**
 * One model a remote serves, by the remote's name for it: the kinds, names and tier it is advertised with, and
 * what its calls measured ({@link RemoteStats}).
 */
public final class RemoteModel {
  /** Every kind but embed: a chat model can't embed, and an embedding model is declared as one. */
  static final List<TaskKind> DEFAULT_KINDS = Arrays.stream(TaskKind.values()).filter(k -> k != TaskKind.EMBED)
      .toList();

  private final String id;
  private final List<TaskKind> kinds;
  private final List<String> aliases;
  private final String tier;
  private final int contextTokens;
  private final RemoteStats stats = new RemoteStats();

  RemoteModel(RemoteModelConfig config) {
    this.id = config.id();
    this.kinds = config.kinds().isEmpty() ? DEFAULT_KINDS : config.kinds().stream().map(TaskKind::parse).toList();
    this.aliases = config.aliases();
    this.tier = config.tier();
    this.contextTokens = config.contextOrDefault();
  }

  public String id() {
    return id;
  }

  public boolean serves(TaskKind kind) {
    return kinds.contains(kind);
  }

  public boolean answersTo(String name) {
    return ModelNames.answersTo(name, id, aliases);
  }

  public List<String> names() {
    return ModelNames.of(id, aliases);
  }

  public RemoteStats stats() {
    return stats;
  }

  /** Advertised like a model of the node's own: always "loaded", holding none of the node's RAM. */
  ModelInfo info(Remote remote) {
    return new ModelInfo(id, null, null, 0, null, contextTokens, kinds, 0, stats.prefillTokensPerSecond(),
        stats.decodeTokensPerSecond(), stats.samples(), false, true, 0, aliases, tier, false, 0, remote);
  }
}
