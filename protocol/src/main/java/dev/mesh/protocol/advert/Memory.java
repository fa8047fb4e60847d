package dev.mesh.protocol.advert;

/** RAM in bytes: total, available now, and the reserve the node keeps for the OS. */
public record Memory(long totalBytes, long availableBytes, long reserveBytes) {
  /** What a new model may use: available minus the reserve, never negative. */
  public long usableBytes() {
    return Math.max(0, availableBytes - reserveBytes);
  }
}
