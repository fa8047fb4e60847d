package dev.mesh.node.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Resident memory of another process: /proc on Linux, ps elsewhere. */
final class ProcessStats {
  private ProcessStats() {
  }

  /** Bytes resident, or -1 when the process is gone or the figure can't be read. */
  static long rssBytes(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (Files.isReadable(Path.of("/proc/self/status"))) {
      return procRss(status);
    }
    return psRss(pid);
  }

  private static long procRss(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return kilobytes(line.substring("VmRSS:".length()).replace("kB", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static long psRss(long pid) {
    try {
      Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid))
          .redirectErrorStream(true).start();
      try (InputStream out = ps.getInputStream()) {
        String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        return ps.waitFor(5, TimeUnit.SECONDS) && ps.exitValue() == 0 ? kilobytes(text) : -1;
      }
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long kilobytes(String text) {
    try {
      return Long.parseLong(text.trim()) * 1024;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
