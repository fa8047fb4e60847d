package dev.mesh.bench.soak;

import dev.mesh.bench.process.Jvm;
import dev.mesh.bench.process.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A node's live heap: a full GC asked of it with jcmd, then the heap it reports in {@code /metrics}. */
final class NodeHeap {
  private static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private NodeHeap() {}

  static double afterFullGc(NodeProcess node) throws IOException, InterruptedException {
    Path jcmd = Path.of(Jvm.javaCommand()).resolveSibling("jcmd");
    Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(node.pid()), "GC.run")
        .redirectErrorStream(true).start();
    if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
      throw new IOException("jcmd " + node.pid() + " GC.run failed: " + new String(gc.getInputStream().readAllBytes()));
    }
    URI metrics = node.tasksUri(Duration.ZERO).resolve("/metrics");
    String text = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double bytes = text.lines().filter(l -> l.startsWith(HEAP_USED))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    if (bytes <= 0) {
      throw new IOException("no " + HEAP_USED + "...} sample in " + metrics);
    }
    return bytes / (1024 * 1024);
  }
}
