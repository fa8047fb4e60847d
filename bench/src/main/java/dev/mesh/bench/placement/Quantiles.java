package dev.mesh.bench.placement;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians and nearest-rank quantiles over samples, NaNs left out: robust to the odd run a shared machine spoils. */
final class Quantiles {
  private Quantiles() {}

  static <T> double median(List<T> samples, ToDoubleFunction<T> value) {
    return of(samples, value, 0.5);
  }

  static <T> double of(List<T> samples, ToDoubleFunction<T> value, double q) {
    double[] sorted = samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    if (q == 0.5 && sorted.length % 2 == 0) {
      return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
