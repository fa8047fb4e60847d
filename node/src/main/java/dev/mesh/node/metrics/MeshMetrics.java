package dev.mesh.node.metrics;

import dev.mesh.node.cluster.Membership;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /metrics} in Prometheus text: what this node did (tasks ended here by kind and state, their
 * durations, tokens it generated, hops it took in, tasks it sent through the shared folder, engine restarts),
 * what it is doing (queue depth, running, measured tok/s per model, folder backlog, cluster members) and the
 * JVM's basics. Every series has {@code node}; names are {@code mesh_*} in base units, counters end in
 * {@code _total}. Each task's end is counted once in the mesh: where it ended.
 */
public final class MeshMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Vertx vertx;
  private final Counter hops;
  private final Counter fallbacks;

  public MeshMetrics(Vertx vertx, String nodeName, TaskStore store, TaskRunner runner, ModelCatalog models,
      Membership cluster, SharedFolder handoff) {
    this.vertx = vertx;
    registry.config().commonTags("node", nodeName);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("mesh.queue.depth", runner, TaskRunner::queued).description("tasks waiting for an engine here")
        .register(registry);
    Gauge.builder("mesh.tasks.running", runner, TaskRunner::running).description("tasks an engine runs here now")
        .register(registry);
    for (LocalModel m : models.all()) {
      Gauge.builder("mesh.model.decode.tokens.per.second", m, x -> x.speed().decodeTokensPerSecond())
          .tag("model", m.id()).description("measured decode speed").register(registry);
      Gauge.builder("mesh.model.prefill.tokens.per.second", m, x -> x.speed().prefillTokensPerSecond())
          .tag("model", m.id()).description("measured prompt speed").register(registry);
      FunctionCounter.builder("mesh.engine.restarts", m, x -> x.engineStatus().restarts())
          .tag("model", m.id()).description("engine process restarts after a crash").register(registry);
    }
    if (cluster.clustered()) {
      Gauge.builder("mesh.cluster.members", cluster, c -> c.members().size()).description("Hazelcast members seen")
          .register(registry);
    }
    if (handoff.present()) {
      Gauge.builder("mesh.handoff.pending", handoff, SharedFolder::pending)
          .description("task files waiting in the shared folder").register(registry);
    }
    // every change of every task passes here: the untagged counters are looked up once
    hops = Counter.builder("mesh.hops").description("tasks handed to this node by another").register(registry);
    fallbacks = Counter.builder("mesh.handoff.fallbacks").description("tasks sent through the shared folder from here")
        .register(registry);
    store.onChange(this::changed);
  }

  public void mount(Router router) {
    // gauges may list a network folder: scraped off the event loop
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail));
  }

  /** A change this node made to a task (every change of every task is made on exactly one node). */
  private void changed(TaskRecord r) {
    List<Hop> route = r.hops();
    HopEvent event = route.isEmpty() ? null : route.get(route.size() - 1).event();
    String kind = r.task().request().kind().wire();
    if (event == HopEvent.HOP) {
      hops.increment();
    } else if (event == HopEvent.HANDOFF) {
      fallbacks.increment();
    }
    if (!r.terminal()) {
      return;
    }
    String state = r.state().wire();
    Counter.builder("mesh.tasks").tags("kind", kind, "state", state).description("tasks that ended here")
        .register(registry).increment();
    Timer.builder("mesh.task.duration").tags("kind", kind, "state", state)
        .description("from acceptance to end, queue and hops included").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry).record(Duration.between(r.task().acceptedAt(), r.updatedAt()));
    if (r.state() == TaskState.SUCCEEDED && r.result().usage() != null && r.result().usage().completionTokens() > 0) {
      Counter.builder("mesh.generated.tokens").tag("model", r.result().model()).description("tokens generated here")
          .register(registry).increment(r.result().usage().completionTokens());
    }
  }
}
