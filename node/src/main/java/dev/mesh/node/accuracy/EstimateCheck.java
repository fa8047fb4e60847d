package dev.mesh.node.accuracy;

import dev.mesh.protocol.task.TaskRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * One task's routing estimate against what it foretold: the time from the decision that sent the task where it ran
 * (its last {@code routed} hop) to its latest change — its result, for a finished one.
 *
 * @param estimateSeconds what that decision promised; null when it made no estimate
 */
public record EstimateCheck(Double estimateSeconds, double actualSeconds) {

  /** Empty for a task never routed (a folder claim, a restart). */
  public static Optional<EstimateCheck> of(TaskRecord record) {
    return record.lastRouted().filter(h -> h.at() != null && record.updatedAt() != null)
        .map(h -> new EstimateCheck(h.estimatedSeconds(),
            Duration.between(h.at(), record.updatedAt()).toNanos() / 1e9));
  }

  /** Whether it says anything: an estimate was made, and time passed. */
  public boolean countable() {
    return estimateSeconds != null && Double.isFinite(estimateSeconds) && actualSeconds > 0;
  }
}
