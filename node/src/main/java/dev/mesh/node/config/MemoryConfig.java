package dev.mesh.node.config;

/** RAM the node leaves to the OS and other programs: never promised to a model. */
public record MemoryConfig(long reserveMb) {
  public static final long DEFAULT_RESERVE_MB = 512;

  public static MemoryConfig defaults() {
    return new MemoryConfig(DEFAULT_RESERVE_MB);
  }
}
