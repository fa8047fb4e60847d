package dev.mesh.node.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import java.util.List;

/**
 * A job as callers see it ({@code GET /v1/jobs/{id}} and the callback body): counts by state and every task's
 * outcome in input order — {@code done} succeeded, {@code failed} failed or expired, {@code cancelled} cancelled,
 * {@code running} started, {@code waiting} not started yet; {@code ended} once every task has.
 */
final class JobView {
  private JobView() {}

  /** @param records the job's tasks' records in the job's order; null where a task is not found */
  static ObjectNode of(Job job, List<TaskRecord> records) {
    int done = 0;
    int failed = 0;
    int cancelled = 0;
    int running = 0;
    int waiting = 0;
    ObjectNode view = MeshJson.mapper().createObjectNode();
    view.put("schema", Job.SCHEMA).put("id", job.id()).put("hook", job.hook()).put("origin", job.origin())
        .put("createdAt", job.createdAt().toString()).put("total", job.tasks().size());
    ArrayNode results = MeshJson.mapper().createArrayNode();
    for (int i = 0; i < job.tasks().size(); i++) {
      TaskRecord r = records.get(i);
      ObjectNode item = results.addObject().put("index", i).put("task", job.tasks().get(i));
      if (r == null) {
        item.put("state", "unknown");
        waiting++;
        continue;
      }
      item.put("state", r.state().wire());
      switch (r.state()) {
        case SUCCEEDED -> done++;
        case FAILED, EXPIRED -> failed++;
        case CANCELLED -> cancelled++;
        case RUNNING -> running++;
        default -> waiting++;
      }
      if (r.state() == TaskState.SUCCEEDED) {
        item.set("result", MeshJson.mapper().valueToTree(r.result()));
      } else if (r.error() != null) {
        item.set("error", MeshJson.mapper().valueToTree(r.error()));
      }
    }
    view.put("done", done).put("failed", failed).put("cancelled", cancelled).put("running", running)
        .put("waiting", waiting).put("ended", done + failed + cancelled == job.tasks().size());
    if (job.callback() != null) {
      view.set("callback", MeshJson.mapper().valueToTree(job.callback()));
    }
    view.set("results", results);
    return view;
  }
}
