package dev.mesh.node.cli;

import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Submits the seed workload at one node as fast as it accepts it, and reports each task as it ends. */
final class HouseholdRun {
  private HouseholdRun() {}

  /** Returns the tasks' final records in submission order. */
  static List<TaskRecord> run(DemoClient entry, String entryName, List<String> requests, HouseholdReport report)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<CompletableFuture<TaskRecord>> ended = new ArrayList<>();
    for (String request : requests) {
      // waiting starts at once, so each line is printed when its task ends, not when the last one is sent
      ended.add(entry.ended(entry.accept(request)).thenApply(report::ended));
    }
    report.note(String.format("  (%s accepted all %d tasks in %.2f s)", entryName, requests.size(),
        (System.nanoTime() - started) / 1e9));
    try {
      return ended.stream().map(CompletableFuture::join).toList();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
    }
  }
}
