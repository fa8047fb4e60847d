package dev.mesh.bench.remote;

import dev.mesh.bench.Latencies;
import java.util.ArrayList;
import java.util.List;

/** One way of getting the generation, timed call by call, with the completion tokens each call got. */
final class TimedPath {
  private final Call call;
  private final List<Double> millis = new ArrayList<>();
  private final List<Double> tokens = new ArrayList<>();

  /** Makes the call, checks who answered, and returns the completion tokens. */
  @FunctionalInterface
  interface Call {
    int run() throws Exception;
  }

  TimedPath(Call call) {
    this.call = call;
  }

  /** Calls once; a warm-up call ({@code keep} false) is checked but not kept. */
  void time(boolean keep) throws Exception {
    RemotePair.settle();
    long start = System.nanoTime();
    int got = call.run();
    double ms = (System.nanoTime() - start) / 1e6;
    if (keep) {
      millis.add(ms);
      tokens.add((double) got);
    }
  }

  Latencies latencies() {
    return Latencies.ofMillis(millis);
  }

  double medianTokens() {
    return Latencies.ofMillis(tokens).p50();
  }
}
