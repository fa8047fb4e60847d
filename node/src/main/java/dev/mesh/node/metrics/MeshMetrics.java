package dev.mesh.node.metrics;

import dev.mesh.node.accuracy.ErrorSummary;
import dev.mesh.node.accuracy.EstimateAccuracy;
import dev.mesh.node.cluster.Membership;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskStore;
import dev.mesh.node.remote.CloudBudget;
import dev.mesh.node.remote.RemoteEngine;
import dev.mesh.node.remote.RemoteModel;
import dev.mesh.node.remote.RemoteStats;
import dev.mesh.node.remote.Remotes;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import dev.mesh.node.security.Kind;
import dev.mesh.node.cluster.SecurityReport;
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
  private final Remotes remotes;
  private final String nodeName;
  /** Tasks whose hand-over here was counted (the newest few thousand). */
  private final java.util.Set<String> handedCounted = java.util.Collections.newSetFromMap(
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
          return size() > 4096;
        }
      });
  private EstimateAccuracy accuracy;

  public MeshMetrics(Vertx vertx, String nodeName, TaskStore store, TaskRunner runner, ModelCatalog models,
      Membership cluster, SharedFolder handoff) {
    this(vertx, nodeName, store, runner, models, cluster, handoff, Remotes.none(), null);
  }

  /** @param budget today's cloud spending; null when the node has no cloud remote */
  public MeshMetrics(Vertx vertx, String nodeName, TaskStore store, TaskRunner runner, ModelCatalog models,
      Membership cluster, SharedFolder handoff, Remotes remotes, CloudBudget budget) {
    this.vertx = vertx;
    this.remotes = remotes;
    this.nodeName = nodeName;
    registry.config().commonTags("node", nodeName);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("mesh.queue.depth", runner, TaskRunner::queued).description("tasks waiting for an engine here")
        .register(registry);
    for (Priority p : Priority.values()) {
      Gauge.builder("mesh.tasks.queued", runner, r -> r.queuedByPriority().of(p).tasks()).tag("priority", p.wire())
          .description("tasks waiting for an engine here, by priority class (as of the last advert)").register(registry);
    }
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
    for (RemoteEngine e : remotes.all()) {
      Gauge.builder("mesh.remote.available", e, x -> x.breaker().state().admits() ? 1 : 0).tag("remote", e.name())
          .description("1 while the remote's circuit admits tasks (closed or half open), 0 while it is open")
          .register(registry);
      FunctionCounter.builder("mesh.remote.circuit.opens", e, x -> x.breaker().opens()).tag("remote", e.name())
          .description("times the remote's circuit opened").register(registry);
    }
    if (budget != null) {
      Gauge.builder("mesh.cloud.spent.tokens", budget, b -> b.today().tokens())
          .description("tokens this node's cloud remotes used today (UTC)").register(registry);
      Gauge.builder("mesh.cloud.spent.cost", budget, b -> b.today().cost())
          .description("what this node's cloud remotes cost today (UTC), in the remotes' price unit").register(registry);
    }
    if (cluster.clustered()) {
      FunctionCounter.builder("mesh.journal.writes", store, TaskStore::journalWritesBehind).tag("kind", "behind")
          .description("task snapshots journaled behind the cluster map").register(registry);
      FunctionCounter.builder("mesh.journal.writes", store, TaskStore::journalWritesReplaced).tag("kind", "replaced")
          .description("task snapshots not journaled: a newer version of the task replaced them while they waited")
          .register(registry);
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

  /**
   * Whether this change is the one that handed the task here: its newest hand-over is to this node, and not counted
   * yet. One write may hold the hand-over and the start (the last hop is then the start), and the start of a task
   * taken earlier looks the same, so the tasks counted are remembered (a few thousand at most: the newest kept).
   */
  private synchronized boolean handedHere(TaskRecord r) {
    List<Hop> route = r.hops();
    for (int i = route.size() - 1; i >= 0; i--) {
      Hop h = route.get(i);
      if (h.is(HopEvent.HOP)) {
        return h.node().equals(nodeName) && handedCounted.add(r.id());
      }
    }
    return false;
  }

  /** Counts what failed to open per kind, and the strangers among the members. */
  public MeshMetrics withSecurity(SecurityReport report) {
    for (Kind kind : Kind.values()) {
      FunctionCounter.builder("mesh.untrusted.messages", report, r -> r.security().untrusted().counts().get(kind))
          .tag("kind", kind.wire()).description("payloads dropped because they failed to open with the mesh key")
          .register(registry);
    }
    Gauge.builder("mesh.cluster.strangers", report, r -> r.strangers().size())
        .description("cluster members that sent no advert this node could verify").register(registry);
    return this;
  }

  /**
   * Per model this node ran, over its latest tasks: routing's relative error (|estimate - actual| / actual) at the
   * median and p90, and its median signed error as bias (negative: estimates too low).
   */
  public MeshMetrics withEstimates(EstimateAccuracy accuracy) {
    this.accuracy = accuracy;
    return this;
  }

  public void mount(Router router) {
    // gauges may list a network folder: scraped off the event loop
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(this::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text))
        .onFailure(ctx::fail));
  }

  private String scrape() {
    remoteModelMeters(); // a remote's models may have been discovered since the last scrape
    estimateMeters(); // and a model gets its first finished task at any time
    return registry.scrape();
  }

  private void estimateMeters() {
    if (accuracy == null) {
      return;
    }
    for (String model : accuracy.byModel().keySet()) {
      Gauge.builder("mesh.estimate.error.ratio", accuracy, a -> summary(a, model).medianError()).tag("model", model)
          .tag("quantile", "0.5").description("|routing estimate - actual| / actual over the latest tasks run here")
          .register(registry);
      Gauge.builder("mesh.estimate.error.ratio", accuracy, a -> summary(a, model).p90Error()).tag("model", model)
          .tag("quantile", "0.9").description("|routing estimate - actual| / actual over the latest tasks run here")
          .register(registry);
      Gauge.builder("mesh.estimate.bias.ratio", accuracy, a -> summary(a, model).bias()).tag("model", model)
          .description("median (routing estimate - actual) / actual: negative when estimates are too low")
          .register(registry);
      Gauge.builder("mesh.estimate.tasks", accuracy, a -> summary(a, model).tasks()).tag("model", model)
          .description("finished tasks the estimate figures are over (a window of the latest)").register(registry);
    }
  }

  private static ErrorSummary summary(EstimateAccuracy accuracy, String model) {
    return accuracy.byModel().getOrDefault(model, ErrorSummary.NONE);
  }

  /** Per remote model: measured speeds, first-token time, error rate, calls; registered once each. */
  private void remoteModelMeters() {
    for (RemoteEngine e : remotes.all()) {
      for (RemoteModel m : e.models()) {
        RemoteStats s = m.stats();
        String[] tags = {"remote", e.name(), "model", m.id()};
        Gauge.builder("mesh.remote.decode.tokens.per.second", s, RemoteStats::decodeTokensPerSecond).tags(tags)
            .description("measured decode speed of a remote model (EWMA)").register(registry);
        Gauge.builder("mesh.remote.first.token.seconds", s, RemoteStats::firstTokenSeconds).tags(tags)
            .description("seconds to a remote model's first token (EWMA)").register(registry);
        Gauge.builder("mesh.remote.error.rate", s, RemoteStats::errorRate).tags(tags)
            .description("share of a remote model's calls that failed (EWMA)").register(registry);
        FunctionCounter.builder("mesh.remote.calls", s, RemoteStats::samples).tags(tags).tag("outcome", "answered")
            .description("calls to a remote model").register(registry);
        FunctionCounter.builder("mesh.remote.calls", s, RemoteStats::failures).tags(tags).tag("outcome", "failed")
            .description("calls to a remote model").register(registry);
      }
    }
  }

  /** A change this node made to a task (every change of every task is made on exactly one node). */
  private void changed(TaskRecord r) {
    List<Hop> route = r.hops();
    HopEvent event = route.isEmpty() ? null : route.get(route.size() - 1).event();
    String kind = r.task().request().kind().wire();
    if (handedHere(r)) {
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
    if (r.state() == TaskState.SUCCEEDED && r.result().degraded() != null) {
      Counter.builder("mesh.tasks.degraded").tag("wanted", r.result().degraded().wanted())
          .description("tasks served by another model because the one wanted was out (its remote, or the budget)")
          .register(registry).increment();
    }
    if (r.state() == TaskState.SUCCEEDED && r.result().usage() != null && r.result().usage().completionTokens() > 0) {
      Counter.builder("mesh.generated.tokens").tag("model", r.result().model()).description("tokens generated here")
          .register(registry).increment(r.result().usage().completionTokens());
    }
  }
}
