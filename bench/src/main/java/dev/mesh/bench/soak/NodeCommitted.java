package dev.mesh.bench.soak;

import dev.mesh.bench.process.Jvm;
import dev.mesh.bench.process.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory a node's JVM has committed (heap, metaspace, code, threads, GC, ...), by its Native Memory Tracking.
 * RSS trails it: a committed page counts in RSS only once touched, so RSS can grow with no memory added at all.
 */
final class NodeCommitted {
  /** Turns the tracking on: a few MB of its own, the same at every checkpoint. */
  static final String TRACKING = "-XX:NativeMemoryTracking=summary";
  private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

  private NodeCommitted() {}

  static double mib(NodeProcess node) throws IOException, InterruptedException {
    Path jcmd = Path.of(Jvm.javaCommand()).resolveSibling("jcmd");
    Process nmt = new ProcessBuilder(jcmd.toString(), String.valueOf(node.pid()), "VM.native_memory", "summary")
        .redirectErrorStream(true).start();
    String out = new String(nmt.getInputStream().readAllBytes());
    if (!nmt.waitFor(60, TimeUnit.SECONDS) || nmt.exitValue() != 0) {
      throw new IOException("jcmd " + node.pid() + " VM.native_memory failed: " + out);
    }
    Matcher m = TOTAL.matcher(out);
    if (!m.find()) {
      throw new IOException("no 'Total: ... committed=' line in jcmd VM.native_memory's answer: " + out);
    }
    return Long.parseLong(m.group(2)) / 1024.0;
  }
}
