package dev.mesh.bench.soak;

import dev.mesh.node.store.TaskIds;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A node's history as its journal keeps it: ended embed tasks, each a real record in its own file. */
final class History {
  private static final int DIMS = 64;

  private History() {}

  static void write(Path dataDir, int count) throws IOException {
    Path done = Files.createDirectories(dataDir.resolve("tasks").resolve("done"));
    Instant now = Instant.now();
    float[] vector = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      vector[i] = (float) Math.sin(i);
    }
    for (int i = 0; i < count; i++) {
      Instant at = now.minusMillis(count - i);
      TaskRecord r = TaskRecord.queued(Task.accept(TaskRequest.embed("a"), TaskIds.next(at), "start", at))
          .running("start", at)
          .succeeded(TaskResult.embedded(vector, new Usage(1, 0), Timings.of(0, 1, 0, 1, new Usage(1, 0)), "start",
              "bench-model", false), at);
      Files.write(done.resolve(r.id() + ".json"), MeshJson.mapper().writeValueAsBytes(r));
    }
  }
}
