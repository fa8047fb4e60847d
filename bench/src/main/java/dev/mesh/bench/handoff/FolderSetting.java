package dev.mesh.bench.handoff;

/**
 * How every node of one run watches the shared folder, and how many latency rounds that run measures (fewer
 * when each round waits for slow polls).
 */
record FolderSetting(String label, long pollMs, boolean nativeWatch, int rounds, boolean throughput) {

  /** The node's defaults on a local disk: change events plus a poll every 500 ms. */
  static FolderSetting defaults(int rounds) {
    return new FolderSetting("native watch + 500 ms poll (default)", 500, true, rounds, true);
  }

  /** What a node sees on NFS or SMB, where no change events arrive: the poll alone. */
  static FolderSetting pollingOnly(long pollMs, int rounds) {
    return new FolderSetting("polling only, " + pollMs + " ms", pollMs, false, rounds, false);
  }
}
