package dev.mesh.node.accuracy;

import java.util.Arrays;

/** The relative errors of the latest {@code capacity} estimates, in a ring: memory stays fixed however many tasks run. */
final class ErrorWindow {
  private final double[] signed;
  private int next;
  private int size;

  ErrorWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.signed = new double[capacity];
  }

  /** @param estimateSeconds what routing promised; @param actualSeconds what it took (must be above 0) */
  void add(double estimateSeconds, double actualSeconds) {
    signed[next] = (estimateSeconds - actualSeconds) / actualSeconds;
    next = (next + 1) % signed.length;
    size = Math.min(size + 1, signed.length);
  }

  ErrorSummary summary() {
    if (size == 0) {
      return ErrorSummary.NONE;
    }
    double[] bias = Arrays.copyOf(signed, size);
    double[] error = Arrays.stream(bias).map(Math::abs).toArray();
    Arrays.sort(bias);
    Arrays.sort(error);
    return new ErrorSummary(size, quantile(error, 0.5), quantile(error, 0.9), quantile(bias, 0.5));
  }

  /** Nearest rank: the smallest value at least {@code q} of the sorted values are at or below. */
  static double quantile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
