package dev.mesh.protocol.advert;

/**
 * RAM in bytes: total, available now, and the reserve the node keeps for the OS; what its loaded models hold
 * ({@code modelsBytes}), the part of it idle models hold and would give up for another model
 * ({@code reclaimableBytes}), and the cap on models' RAM ({@code limitBytes}, {@code memory.limitMb}; 0: none).
 */
public record Memory(long totalBytes, long availableBytes, long reserveBytes, long limitBytes, long modelsBytes,
    long reclaimableBytes) {

  /** A node with no model limit, nothing loaded that it would give up. */
  public Memory(long totalBytes, long availableBytes, long reserveBytes) {
    this(totalBytes, availableBytes, reserveBytes, 0, 0, 0);
  }

  /** What a new model may use: available minus the reserve, never negative. */
  public long usableBytes() {
    return Math.max(0, availableBytes - reserveBytes);
  }

  /**
   * What a model that is not loaded could have once the node unloads its idle models: available RAM plus theirs,
   * minus the reserve, and within the limit beside the models that stay.
   */
  public long roomForUnloadedBytes() {
    long room = Math.max(0, availableBytes + Math.max(0, reclaimableBytes) - reserveBytes);
    if (limitBytes > 0) {
      room = Math.min(room, Math.max(0, limitBytes - Math.max(0, modelsBytes - Math.max(0, reclaimableBytes))));
    }
    return room;
  }
}
