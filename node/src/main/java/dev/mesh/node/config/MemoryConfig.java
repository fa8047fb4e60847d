package dev.mesh.node.config;

/**
 * RAM the node leaves to the OS and other programs ({@code reserveMb}: never promised to a model), and the most
 * its models may hold together ({@code limitMb}; 0: no cap beyond the machine's RAM) — a 4 GB iMac emulated on a
 * big machine, or a machine shared with other work.
 */
public record MemoryConfig(long reserveMb, long limitMb) {
  public static final long DEFAULT_RESERVE_MB = 512;

  public MemoryConfig(long reserveMb) {
    this(reserveMb, 0);
  }

  public static MemoryConfig defaults() {
    return new MemoryConfig(DEFAULT_RESERVE_MB, 0);
  }

  public long reserveBytes() {
    return reserveMb * 1024 * 1024;
  }

  public long limitBytes() {
    return limitMb * 1024 * 1024;
  }
}
