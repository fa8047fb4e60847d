package dev.mesh.protocol.advert;

import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import java.util.Map;

/**
 * A model a node can run: identity from its GGUF header, the kinds it serves, RAM it needs at
 * the configured context, and speeds measured on this node (tokens/s over {@code samples} runs).
 * {@code aliases} are more names tasks may use, {@code tier} (e.g. light, heavy; may be null) a class a task may
 * ask for. {@code loaded} says whether its engine runs now; {@code loadable} that it is not loaded but the node
 * loads it on demand, in about {@code loadSeconds} (which routing adds to its estimate); {@code residentBytes} is that engine's RSS
 * (already taken from the node's available RAM), so routing asks only for the difference. {@code remote} names the
 * remote engine that serves it (an Ollama or OpenAI-compatible server the node calls), null for the node's own engine.
 * {@code kindFactors}, per kind's wire name, is how many times longer this model's tasks of that kind really held
 * its engine than its speeds predict (measured, a moving average; a kind not named: 1): a task held to a grammar
 * costs more than its tokens say, and routing multiplies its estimate by it.
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
    long residentBytes,
    List<String> aliases,
    String tier,
    boolean loadable,
    double loadSeconds,
    Remote remote,
    Map<String, Double> kindFactors) {

  public ModelInfo {
    kinds = kinds == null ? List.of() : List.copyOf(kinds);
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    kindFactors = kindFactors == null ? Map.of() : Map.copyOf(kindFactors);
  }

  /** A model with no measured kind factors. */
  public ModelInfo(String id, String file, String architecture, long parameters, String quantization,
      int contextLength, List<TaskKind> kinds, long estimatedRamBytes, double prefillTokensPerSecond,
      double decodeTokensPerSecond, long samples, boolean synthetic, boolean loaded, long residentBytes,
      List<String> aliases, String tier, boolean loadable, double loadSeconds, Remote remote) {
    this(id, file, architecture, parameters, quantization, contextLength, kinds, estimatedRamBytes,
        prefillTokensPerSecond, decodeTokensPerSecond, samples, synthetic, loaded, residentBytes, aliases, tier,
        loadable, loadSeconds, remote, null);
  }

  /** A model with no aliases and no tier. */
  public ModelInfo(String id, String file, String architecture, long parameters, String quantization,
      int contextLength, List<TaskKind> kinds, long estimatedRamBytes, double prefillTokensPerSecond,
      double decodeTokensPerSecond, long samples, boolean synthetic, boolean loaded, long residentBytes) {
    this(id, file, architecture, parameters, quantization, contextLength, kinds, estimatedRamBytes,
        prefillTokensPerSecond, decodeTokensPerSecond, samples, synthetic, loaded, residentBytes, null, null, false, 0,
        null);
  }

  /** A model of the node's own engine. */
  public ModelInfo(String id, String file, String architecture, long parameters, String quantization,
      int contextLength, List<TaskKind> kinds, long estimatedRamBytes, double prefillTokensPerSecond,
      double decodeTokensPerSecond, long samples, boolean synthetic, boolean loaded, long residentBytes,
      List<String> aliases, String tier, boolean loadable, double loadSeconds) {
    this(id, file, architecture, parameters, quantization, contextLength, kinds, estimatedRamBytes,
        prefillTokensPerSecond, decodeTokensPerSecond, samples, synthetic, loaded, residentBytes, aliases, tier,
        loadable, loadSeconds, null);
  }

  /** How many times its speeds' prediction a task of this kind takes here: 1 unless measured otherwise. */
  public double factorFor(TaskKind kind) {
    Double f = kindFactors.get(kind.wire());
    return f == null || !(f > 0) || !Double.isFinite(f) ? 1 : f;
  }

  /** Whether a remote engine serves it rather than the node's own. */
  public boolean viaRemote() {
    return remote != null;
  }

  /** Where it runs: the node's own engine is {@link Network#LOCAL}. */
  public Network network() {
    return remote == null ? Network.LOCAL : remote.network();
  }

  public boolean serves(TaskKind kind) {
    return kinds.contains(kind);
  }

  /** Whether a task naming {@code name} means this model ({@link ModelNames}: id, aliases, {@code :latest}). */
  public boolean answersTo(String name) {
    return ModelNames.answersTo(name, id, aliases);
  }

  /** Every name this model answers to. */
  public List<String> names() {
    return ModelNames.of(id, aliases);
  }
}
