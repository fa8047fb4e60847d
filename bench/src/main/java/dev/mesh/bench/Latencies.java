package dev.mesh.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles (nearest rank) of durations, in milliseconds. */
public final class Latencies {
  private final double[] sortedMs;

  private Latencies(double[] sortedMs) {
    this.sortedMs = sortedMs;
  }

  public static Latencies ofMillis(Collection<Double> millis) {
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted()
        .toArray();
    return new Latencies(sorted);
  }

  public double p50() {
    return percentile(0.50);
  }

  public double p99() {
    return percentile(0.99);
  }

  public double percentile(double q) {
    if (sortedMs.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sortedMs.length);
    return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, rank - 1))];
  }

  public int count() {
    return sortedMs.length;
  }

  @Override
  public String toString() {
    return Arrays.toString(sortedMs);
  }
}
