package dev.mesh.node.profile;

import java.util.Set;

/**
 * A machine of the seed household, for playing it on one computer: caps on what the node uses and
 * advertises (threads, RAM, the CPU features its probe sees) and the watts it is declared to draw.
 * A profile never fakes a measurement: speeds are measured under these caps like on any node.
 *
 * @param cpuFeatures the only CPU features the probe sees, or null for all of this machine's
 */
public record Profile(String name, int threads, long ramBytes, long reserveBytes, double idleWatts, double busyWatts,
    Set<String> cpuFeatures, String description) {
  private static final long GIB = 1024L * 1024 * 1024;
  private static final long MIB = 1024L * 1024;

  /** Raspberry Pi 5: four slow cores, 8 GB, about 5 W: embeddings and tiny models. */
  public static final Profile PI = new Profile("pi", 4, 8 * GIB, 512 * MIB, 3, 6, null,
      "Raspberry Pi 5: 4 slow threads, 8 GB, ~5 W");
  /** 2009 iMac: Core 2 Duo without AVX (the bundled engine can't run), 4 GB of which the OS takes 1.5. */
  public static final Profile IMAC = new Profile("imac", 2, 4 * GIB, 1536 * MIB, 80, 120,
      Set.of("sse3", "ssse3", "sse4_1"), "2009 iMac: Core 2 Duo, no AVX/AVX2, 4 GB (1.5 GB OS), ~120 W");
  /** Mac mini: the fast node for drafting and bigger models. */
  public static final Profile MACMINI = new Profile("macmini", 8, 16 * GIB, 2 * GIB, 7, 30, null,
      "Mac mini: more threads and RAM, ~30 W busy");

  public static Profile named(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "pi" -> PI;
      case "imac" -> IMAC;
      case "macmini" -> MACMINI;
      default -> throw new IllegalArgumentException("unknown profile '" + name + "'; expected pi, imac or macmini");
    };
  }

  /** RAM the node may count on: the real amount, capped. */
  public long capTotal(long realTotal) {
    return Math.min(realTotal, ramBytes);
  }

  /** Available RAM, capped: an emulated small machine never has more free than it has in all. */
  public long capAvailable(long realAvailable) {
    return Math.min(realAvailable, ramBytes);
  }
}
