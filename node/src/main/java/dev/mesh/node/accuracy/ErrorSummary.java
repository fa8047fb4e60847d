package dev.mesh.node.accuracy;

/**
 * Routing's estimates against the times tasks took, over the latest {@code tasks} finished ones: the median and p90
 * of |estimate − actual| / actual, and the median of (estimate − actual) / actual as {@code bias} (negative: the
 * estimates promised less time than the tasks took).
 */
public record ErrorSummary(int tasks, double medianError, double p90Error, double bias) {
  public static final ErrorSummary NONE = new ErrorSummary(0, Double.NaN, Double.NaN, Double.NaN);
}
