package dev.mesh.node.dispatch;

/**
 * What a task costs this node beyond inference, measured: journal and cluster-map writes, the engine
 * round trip, bookkeeping. On a synthetic or tiny model it is most of a task's time, so routing that
 * ignored it would send every small task to whichever node infers fastest.
 */
final class TaskOverhead {
  /** Weight of the newest sample: about the last ten tasks dominate. */
  static final double EWMA_ALPHA = 0.2;

  private double seconds;
  private boolean measured;

  /** @param serviceMs from the start of a task here to its stored result; @param inferenceMs the engine's part */
  synchronized void observe(long serviceMs, long inferenceMs) {
    double sample = Math.max(0, serviceMs - inferenceMs) / 1000.0;
    seconds = measured ? seconds + EWMA_ALPHA * (sample - seconds) : sample;
    measured = true;
  }

  synchronized boolean measured() {
    return measured;
  }

  synchronized double seconds() {
    return seconds;
  }
}
