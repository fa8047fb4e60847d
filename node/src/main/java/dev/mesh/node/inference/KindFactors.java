package dev.mesh.node.inference;

import dev.mesh.protocol.task.TaskKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per task kind, how many times what a model's speeds predict its tasks really took on the engine (a moving average).
 * Tokens per second alone miss what is not tokens: a grammar held over a score or a label, a chat template, an early
 * stop — and a score mispredicted fivefold looked nearly free to routing.
 */
final class KindFactors {
  /** Weight of the newest sample, as for the speeds: about the last ten tasks dominate. */
  static final double EWMA_ALPHA = 0.2;
  /** A sample beyond these says more about a hiccup (or a prediction of ~0) than about the kind. */
  static final double MIN_FACTOR = 0.05;
  static final double MAX_FACTOR = 50;
  /**
   * Once a kind is measured, one sample raises it at most this many times before blending: a task slowed by other
   * work on the machine (seen here: 0.5 s tasks taking 40 s during a build) must not make the next burst look 50
   * times dearer; a real rise still gets there within a few tasks. A fall is taken as it comes: the first tasks of
   * a fresh engine are its slowest, and an estimate stuck high sends work away for nothing.
   */
  static final double MAX_STEP = 3;

  private final Map<TaskKind, Double> factors = new EnumMap<>(TaskKind.class);

  synchronized void observe(TaskKind kind, double actualSeconds, double predictedSeconds) {
    if (!(predictedSeconds > 0) || !(actualSeconds >= 0)) {
      return;
    }
    double sample = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, actualSeconds / predictedSeconds));
    factors.merge(kind, sample, (old, s) -> old + EWMA_ALPHA * (Math.min(old * MAX_STEP, s) - old));
  }

  synchronized double of(TaskKind kind) {
    return factors.getOrDefault(kind, 1.0);
  }

  /** By wire name, for the advert. */
  synchronized Map<String, Double> byWireName() {
    Map<String, Double> out = new TreeMap<>();
    factors.forEach((k, f) -> out.put(k.wire(), Math.round(f * 1000) / 1000.0));
    return out;
  }
}
