package dev.mesh.node.compat;

import dev.mesh.protocol.task.Degraded;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The headers the OpenAI and Ollama APIs add to their answers: which node served the task ({@code X-Mesh-Node}),
 * which task it was ({@code X-Mesh-Task}), and — when another model than the one wanted served it because its
 * remote was out — {@code X-Mesh-Degraded: wanted=...; used=...; reason=...}, so a client that reads only the
 * standard body still can tell.
 */
public final class MeshHeaders {
  public static final String NODE = "x-mesh-node";
  public static final String TASK = "x-mesh-task";
  public static final String DEGRADED = "x-mesh-degraded";

  private MeshHeaders() {}

  /** For a stream's first piece: the task's degradation is known from its routing by then. */
  public static void put(HttpServerResponse response, String node, String taskId, Degraded degraded) {
    response.putHeader(NODE, node).putHeader(TASK, taskId);
    if (degraded != null) {
      response.putHeader(DEGRADED, degraded.header());
    }
  }

  /** For finished tasks (several: an embedding list), each node once, the degradations joined by {@code ,}. */
  public static void put(HttpServerResponse response, List<TaskRecord> done) {
    response.putHeader(NODE, done.stream().map(r -> r.result().executedBy()).distinct().collect(Collectors.joining(",")))
        .putHeader(TASK, done.stream().map(TaskRecord::id).collect(Collectors.joining(",")));
    String degraded = done.stream().map(r -> r.result().degraded()).filter(Objects::nonNull).map(Degraded::header)
        .distinct().collect(Collectors.joining(", "));
    if (!degraded.isEmpty()) {
      response.putHeader(DEGRADED, degraded);
    }
  }
}
