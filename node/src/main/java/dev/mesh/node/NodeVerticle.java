package dev.mesh.node;

import dev.mesh.node.advert.AdvertBuilder;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.engine.ProbeResult;
import dev.mesh.node.host.HostProbe;
import dev.mesh.node.http.ApiServer;
import dev.mesh.node.http.NodeHealth;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskValidator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node on its event loop: recover the journal, serve HTTP, run tasks, measure the models. */
final class NodeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeVerticle.class);

  private final NodeConfig config;
  private final String nodeId;
  private final Path dataDir;
  private final ModelCatalog models;
  private final ProbeResult probe;
  private final boolean clustered;
  private final Clock clock = Clock.systemUTC();
  private TaskStore store;
  private TaskRunner runner;
  private AdvertBuilder advert;
  private HttpServer server;

  NodeVerticle(NodeConfig config, String nodeId, Path dataDir, ModelCatalog models, ProbeResult probe,
      boolean clustered) {
    this.config = config;
    this.nodeId = nodeId;
    this.dataDir = dataDir;
    this.models = models;
    this.probe = probe;
    this.clustered = clustered;
  }

  @Override
  public Future<?> start() {
    store = new TaskStore(vertx, new TaskJournal(dataDir), clock);
    runner = new TaskRunner(context, store, models, new InferenceRunner(config.name(), clock), config.name(), clock);
    advert = new AdvertBuilder(config, nodeId, dev.mesh.node.cli.MeshVersion.current(), new HostProbe(), probe,
        models, runner, clustered, clock);
    return store.recover()
        .compose(unfinished -> listen().map(unfinished))
        .onSuccess(this::resume)
        .onSuccess(unfinished -> watchEngines());
  }

  int httpPort() {
    return server.actualPort();
  }

  AdvertBuilder advert() {
    return advert;
  }

  private Future<HttpServer> listen() {
    var limits = new TaskValidator.Limits(config.limits().maxPromptChars(), config.limits().maxTokens());
    TaskIntake intake = new TaskIntake(context, store, models, runner, limits, config.limits().queueCapacity(),
        config.name(), clock);
    var health = NodeHealth.create(vertx, probe, models, store, clustered);
    return new ApiServer(vertx, config.http(), config.limits().maxWaitSeconds(), intake, store, advert::build, health)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** Tasks accepted before a crash or restart run again; a task that was running is attempted once more. */
  private void resume(List<TaskRecord> unfinished) {
    for (TaskRecord record : unfinished) {
      LocalModel model = models.forRequest(record.task().request()).orElse(null);
      Future<TaskRecord> requeued = record.state() == dev.mesh.protocol.task.TaskState.RUNNING
          ? store.update(record.id(), r -> r.requeued(config.name(), "node restarted while it ran", clock.instant()))
          : store.update(record.id(), r -> r.withHop(new Hop(config.name(), clock.instant(), Hop.REQUEUED,
              "node restarted before it ran")));
      requeued.onSuccess(r -> {
        if (model != null) {
          runner.enqueue(r, model);
        } else {
          store.update(r.id(), x -> x.failed(dev.mesh.protocol.error.ApiError.of("no_model",
              "model '" + r.task().request().requestedModel() + "' is no longer served here"), clock.instant()));
        }
      });
    }
    if (!unfinished.isEmpty()) {
      LOG.info("resumed {} unfinished task(s) from the journal", unfinished.size());
    }
  }

  /** Engines report from their own threads; hop back onto the event loop to pump and benchmark. */
  private void watchEngines() {
    for (LocalModel model : models.all()) {
      boolean[] benchmarked = {false};
      model.engine().onStatus(status -> context.runOnContext(v -> {
        if (status.ready() && !benchmarked[0] && config.engine().selfBenchmark()) {
          benchmarked[0] = true;
          benchmark(model);
        } else {
          runner.pump(model);
        }
      }));
      if (model.engineStatus().ready() && config.engine().selfBenchmark()) {
        benchmarked[0] = true;
        benchmark(model);
      }
    }
  }

  /** Measured before any task runs so the first advert already carries real tokens/s. */
  private void benchmark(LocalModel model) {
    Future.fromCompletionStage(model.selfBenchmark(), context)
        .onSuccess(b -> LOG.info("model {}: prefill {} tok/s, decode {} tok/s (self-benchmark)", model.id(),
            Math.round(b.prefillTokensPerSecond()), Math.round(b.decodeTokensPerSecond())))
        .onFailure(e -> LOG.warn("model {}: self-benchmark failed: {}", model.id(), e.getMessage()))
        .onComplete(done -> runner.pump(model));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
