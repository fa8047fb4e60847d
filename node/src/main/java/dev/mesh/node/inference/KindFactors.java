package dev.mesh.node.inference;

import dev.mesh.protocol.task.TaskKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per task kind, how many times what a model's speeds predict its tasks really took on the engine (a moving average).
 * Tokens per second alone miss what is not tokens: a grammar held over a score or a label, a chat template, an early
 * stop — and a score mispredicted fivefold looked nearly free to routing. On top, one correction for the whole model,
 * steered by how long its tasks took from the routing decision to the result against what routing promised: what
 * the engine alone does not show (the machine shared with other work, a queue that drains slower when it does).
 */
final class KindFactors {
  /** Weight of the newest sample, as for the speeds: about the last ten tasks dominate. */
  static final double EWMA_ALPHA = 0.2;
  /** A sample beyond these says more about a hiccup (or a prediction of ~0) than about the kind. */
  static final double MIN_FACTOR = 0.05;
  static final double MAX_FACTOR = 50;

  /** How far one promise moves the correction (in log space): about the last twenty tasks steer it. */
  static final double CORRECTION_STEP = 0.05;
  static final double MIN_CORRECTION = 0.5;
  static final double MAX_CORRECTION = 8;

  private final Map<TaskKind, Double> factors = new EnumMap<>(TaskKind.class);
  private double correction = 1;

  synchronized void observe(TaskKind kind, double actualSeconds, double predictedSeconds) {
    if (!(predictedSeconds > 0) || !(actualSeconds >= 0)) {
      return;
    }
    double sample = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, actualSeconds / predictedSeconds));
    factors.merge(kind, sample, (old, s) -> old + EWMA_ALPHA * (s - old));
  }

  /**
   * A task promised {@code promisedSeconds} by routing took {@code actualSeconds}: the correction moves towards what
   * would have made the promise right. It multiplies every kind, so a promise made with it in is judged with it in.
   */
  synchronized void promised(double promisedSeconds, double actualSeconds) {
    if (!(promisedSeconds > 0) || !(actualSeconds > 0)) {
      return;
    }
    double ratio = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, actualSeconds / promisedSeconds));
    correction = Math.max(MIN_CORRECTION, Math.min(MAX_CORRECTION,
        correction * Math.exp(CORRECTION_STEP * Math.log(ratio))));
  }

  synchronized double correction() {
    return correction;
  }

  /** The kind's factor times the model's correction: what an estimate is multiplied by. */
  synchronized double of(TaskKind kind) {
    return factors.getOrDefault(kind, 1.0) * correction;
  }

  /** The kind's own factor, engine time over prediction: what a new sample is blended with. */
  private double raw(TaskKind kind) {
    return factors.getOrDefault(kind, 1.0);
  }

  /** By wire name, for the advert: every kind served, correction included (a kind not seen yet is the correction). */
  synchronized Map<String, Double> byWireName(Iterable<TaskKind> served) {
    Map<String, Double> out = new TreeMap<>();
    for (TaskKind k : served) {
      double f = raw(k) * correction;
      if (f != 1) {
        out.put(k.wire(), Math.round(f * 1000) / 1000.0);
      }
    }
    return out;
  }
}
