package dev.mesh.node.inference;

/**
 * Seconds a model takes from "load" to ready: before the first load, an engine start plus its weights read at a
 * modest disk speed (an SD card, not an SSD); after, what loads on this node measured (moving average).
 */
final class LoadTime {
  /** The engine JVM's start and llama.cpp's init, measured here at 0.6-1.2 s; rounded up for small boards. */
  static final double ENGINE_START_SECONDS = 1.5;
  /** A Pi's SD card reads 40-90 MB/s, an SSD 500+: assume the slow side until measured. */
  static final double ASSUMED_READ_BYTES_PER_SECOND = 100e6;
  private static final double EWMA_ALPHA = 0.3;

  private double seconds;
  private boolean measured;

  private LoadTime(double seconds) {
    this.seconds = seconds;
  }

  static LoadTime forWeights(long weightsBytes) {
    return new LoadTime(ENGINE_START_SECONDS + Math.max(0, weightsBytes) / ASSUMED_READ_BYTES_PER_SECOND);
  }

  synchronized void observe(double loadSeconds) {
    seconds = measured ? seconds + EWMA_ALPHA * (loadSeconds - seconds) : loadSeconds;
    measured = true;
  }

  synchronized double seconds() {
    return seconds;
  }
}
