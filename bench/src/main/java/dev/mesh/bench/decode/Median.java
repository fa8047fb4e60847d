package dev.mesh.bench.decode;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians: robust to the odd sample a shared 2-core machine spoils. */
final class Median {
  private Median() {}

  static <T> double of(List<T> samples, ToDoubleFunction<T> value) {
    double[] sorted = samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
