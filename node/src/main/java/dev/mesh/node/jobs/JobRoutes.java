package dev.mesh.node.jobs;

import dev.mesh.node.dispatch.Rejection;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.BiConsumer;

/** {@code GET /v1/jobs/{id}}: the job's counts and every task's outcome in input order, from any node. */
public final class JobRoutes {
  private final JobStore jobs;
  private final TaskStore tasks;
  private final BiConsumer<RoutingContext, Throwable> fail;

  public JobRoutes(JobStore jobs, TaskStore tasks, BiConsumer<RoutingContext, Throwable> fail) {
    this.jobs = jobs;
    this.tasks = tasks;
    this.fail = fail;
  }

  public void mount(Router router) {
    router.get("/v1/jobs/:id").handler(this::get);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!JobStore.validId(id)) {
      fail.accept(ctx, Rejection.notFound("no job with id '" + id + "'"));
      return;
    }
    jobs.find(id)
        .compose(found -> found.isEmpty() ? Future.<Job>failedFuture(Rejection.notFound("no job with id '" + id + "'"))
            : Future.succeededFuture(found.get()))
        .compose(job -> records(tasks, job).map(records -> JobView.of(job, records)))
        .onSuccess(view -> {
          try {
            ctx.response().putHeader("content-type", "application/json")
                .end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(view)));
          } catch (Exception e) {
            fail.accept(ctx, e);
          }
        })
        .onFailure(e -> fail.accept(ctx, e));
  }

  /** The job's task records in its order (null for one not found). */
  static Future<List<TaskRecord>> records(TaskStore tasks, Job job) {
    List<Future<TaskRecord>> found = job.tasks().stream()
        .map(t -> tasks.find(t).map(r -> r.orElse(null))).toList();
    return Future.all(found).map(all -> found.stream().map(Future::result).toList());
  }
}
