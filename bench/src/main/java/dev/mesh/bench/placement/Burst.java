package dev.mesh.bench.placement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sends every task to one node at once ({@code POST /v1/tasks?wait}) and reads the records they end with. */
final class Burst {
  private static final Duration WAIT = Duration.ofSeconds(180);

  private Burst() {}

  /** @param keep where the records go, one JSON per line, for a look afterwards (MESH_BENCH_KEEP=1) */
  static PolicyRun run(String policy, NodeProcess entry, List<JsonNode> tasks, Map<String, Double> busyWatts,
      Path keep) throws IOException {
    List<CompletableFuture<HttpJson.Response>> sent = new ArrayList<>();
    for (JsonNode task : tasks) {
      sent.add(HttpJson.postAsync(entry.tasksUri(WAIT), task, WAIT.plusSeconds(10)));
    }
    List<TaskRecord> done = new ArrayList<>();
    int failed = 0;
    for (CompletableFuture<HttpJson.Response> f : sent) {
      HttpJson.Response r = f.join();
      TaskRecord record = r.status() == 200 ? MeshJson.mapper().treeToValue(r.body(), TaskRecord.class) : null;
      if (record != null && record.state() == TaskState.SUCCEEDED) {
        done.add(record);
      } else {
        failed++;
      }
    }
    StringBuilder lines = new StringBuilder();
    for (TaskRecord d : done) {
      lines.append(MeshJson.mapper().writeValueAsString(d)).append('\n');
    }
    Files.writeString(keep, lines);
    long first = done.stream().mapToLong(d -> d.task().acceptedAt().toEpochMilli()).min().orElse(0);
    long last = done.stream().mapToLong(d -> d.updatedAt().toEpochMilli()).max().orElse(0);
    List<TaskRun> runs = done.stream().map(TaskRun::of).toList();
    return new PolicyRun(policy, (last - first) / 1000.0, PolicyRun.joules(runs, busyWatts), runs, failed);
  }
}
