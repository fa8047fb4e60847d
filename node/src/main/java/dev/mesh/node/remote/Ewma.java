package dev.mesh.node.remote;

/** An exponentially weighted moving average: recent calls count most; NaN until the first sample. */
final class Ewma {
  /** One call in five moves it: a remote that slows down shows within a few calls, one odd call doesn't swing it. */
  static final double ALPHA = 0.2;
  private double value = Double.NaN;

  void add(double sample) {
    if (!Double.isFinite(sample)) {
      return;
    }
    value = Double.isNaN(value) ? sample : value + ALPHA * (sample - value);
  }

  double value() {
    return value;
  }

  double valueOr(double fallback) {
    return Double.isNaN(value) ? fallback : value;
  }
}
