package dev.mesh.node.config;

/**
 * The mesh key ({@code mesh key new --out FILE}): with {@code meshKeyFile} set, everything this node puts into the
 * cluster is sealed with it and whatever fails to open is dropped. {@code previousKeyFile} is still accepted (never
 * used to seal) until {@code previousKeyUntil} (an ISO-8601 instant; unset: 24 hours after the node starts), so
 * nodes can be moved to a new key one by one. A bus message must have been sealed within
 * {@code replayWindowSeconds} of this node's clock and never seen before.
 */
public record SecurityConfig(String meshKeyFile, String previousKeyFile, String previousKeyUntil,
    int replayWindowSeconds) {
  public static final int DEFAULT_REPLAY_WINDOW_SECONDS = 300;

  public static SecurityConfig defaults() {
    return new SecurityConfig(null, null, null, DEFAULT_REPLAY_WINDOW_SECONDS);
  }

  public boolean keyed() {
    return meshKeyFile != null && !meshKeyFile.isBlank();
  }
}
