package dev.mesh.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory from {@code /proc/PID/status}, in KiB. RSS = anonymous (heap, native allocations,
 * KV cache) + file-backed (the jar, libraries, mmapped model weights) + shared memory; HWM is peak RSS.
 */
public record ProcMemory(long rssKib, long anonKib, long fileKib, long hwmKib, int threads) {

  public static ProcMemory of(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      throw new IOException("cannot read " + status + " (process gone, or not Linux)");
    }
    long rss = 0;
    long anon = 0;
    long file = 0;
    long hwm = 0;
    int threads = 0;
    for (String line : Files.readAllLines(status)) {
      String[] kv = line.split(":\\s+", 2);
      switch (kv[0]) {
        case "VmRSS" -> rss = kib(kv[1]);
        case "RssAnon" -> anon = kib(kv[1]);
        case "RssFile" -> file = kib(kv[1]);
        case "VmHWM" -> hwm = kib(kv[1]);
        case "Threads" -> threads = Integer.parseInt(kv[1].trim());
        default -> { }
      }
    }
    return new ProcMemory(rss, anon, file, hwm, threads);
  }

  public double rssMib() {
    return rssKib / 1024.0;
  }

  public double anonMib() {
    return anonKib / 1024.0;
  }

  public double fileMib() {
    return fileKib / 1024.0;
  }

  public double hwmMib() {
    return hwmKib / 1024.0;
  }

  private static long kib(String value) {
    return Long.parseLong(value.trim().split("\\s+")[0]);
  }
}
