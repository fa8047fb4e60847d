package dev.mesh.node;

import dev.mesh.node.cluster.SecurityReport;
import dev.mesh.node.cluster.Strangers;
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.SealedBus;
import java.nio.charset.StandardCharsets;
import dev.mesh.node.advert.AdvertBuilder;
import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.AdvertExchange;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.node.dispatch.Dispatcher;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.dispatch.LocalOnlyKinds;
import dev.mesh.node.dispatch.QueueOrder;
import dev.mesh.node.dispatch.Queueing;
import dev.mesh.node.dispatch.RemoteRunner;
import dev.mesh.node.remote.RemoteInference;
import dev.mesh.node.remote.CloudBudget;
import dev.mesh.node.remote.Remotes;
import dev.mesh.node.advert.RemotePart;
import dev.mesh.protocol.task.Fallback;
import dev.mesh.node.dashboard.DashboardRoute;
import dev.mesh.node.drain.DrainRoutes;
import dev.mesh.node.drain.DrainSwitch;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.engine.ProbeResult;
import dev.mesh.node.handoff.HandoffTransport;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.hooks.HookRoute;
import dev.mesh.node.hooks.Hooks;
import dev.mesh.node.signing.Signature;
import dev.mesh.node.host.HostProbe;
import dev.mesh.node.inference.ModelLoader;
import dev.mesh.protocol.advert.ModelNames;
import dev.mesh.node.inference.RamAdmission;
import dev.mesh.node.cancel.Canceller;
import dev.mesh.node.http.ApiServer;
import dev.mesh.node.http.HttpErrors;
import dev.mesh.node.http.NodeHealth;
import dev.mesh.node.http.StatusRoutes;
import dev.mesh.node.accuracy.EstimateAccuracy;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.jobs.CallbackSender;
import dev.mesh.node.jobs.JobRoutes;
import dev.mesh.node.jobs.JobStore;
import dev.mesh.node.jobs.JobWatcher;
import dev.mesh.node.jobs.CallbackAllowList;
import dev.mesh.node.jobs.TaskCallbacks;
import dev.mesh.node.keys.FileKeys;
import dev.mesh.node.keys.KeyRegistry;
import dev.mesh.node.metrics.MeshMetrics;
import dev.mesh.node.profile.Profile;
import dev.mesh.node.recovery.Recovery;
import dev.mesh.node.recovery.StrandedTasks;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.routing.RoutingPolicy;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskValidator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node on its event loop: recover the journal, join the mesh's adverts, serve HTTP, route and run tasks. */
final class NodeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeVerticle.class);
  /** An advert not refreshed for this long is ignored even if Hazelcast has not (yet) dropped its member. */
  private static final Duration ADVERT_MAX_AGE = Duration.ofMillis(AdvertExchange.HEARTBEAT_MS * 5);
  /** How often ended tasks past the retention are forgotten. */
  private static final long PRUNE_EVERY_MS = 10_000;

  private final NodeConfig config;
  private final String nodeId;
  private final Path dataDir;
  private final ModelCatalog models;
  private final ProbeResult probe;
  private final MeshMode mode;
  private final Clock clock = Clock.systemUTC();
  private TaskStore store;
  private EstimateAccuracy accuracy;
  private TaskRunner runner;
  private Remotes remotes;
  private CloudBudget budget;
  private RemoteRunner remoteRunner;
  private ModelLoader loader;
  private AdvertBuilder advert;
  private AdvertBook book;
  private AdvertExchange exchange;
  private Dispatcher dispatcher;
  /** The shared folder once opened (none until then, and for a node without one). */
  private SharedFolder folder = SharedFolder.NONE;
  private Recovery recovery;
  private Standing standing;
  private KeyRegistry keys;
  private HttpServer server;
  private final Hooks hooks;
  private final DrainSwitch drain;
  private JobStore jobs;
  private JobWatcher jobWatcher;
  private List<Job> recoveredJobs = List.of();
  private SecurityReport security;
  private Strangers strangers;

  NodeVerticle(NodeConfig config, String nodeId, Path dataDir, ModelCatalog models, ProbeResult probe,
      MeshMode mode, Hooks hooks, DrainSwitch drain) {
    this.config = config;
    this.drain = drain;
    this.hooks = hooks;
    this.nodeId = nodeId;
    this.dataDir = dataDir;
    this.models = models;
    this.probe = probe;
    this.mode = mode;
  }

  @Override
  public Future<?> start() {
    Retention retention = new Retention(Duration.ofHours(config.retention().keepHours()),
        config.retention().keepMax());
    store = mode.store(vertx, dataDir, retention);
    accuracy = new EstimateAccuracy(config.name());
    store.onChange(accuracy::observe);
    standing = mode.standing(context);
    HostProbe host = new HostProbe(config.profile() == null ? null : Profile.named(config.profile()));
    loader = new ModelLoader(models, () -> new RamAdmission.Room(host.totalMemoryBytes(), host.availableMemoryBytes(),
        config.memory().reserveBytes(), config.memory().limitBytes()),
        work -> vertx.executeBlocking(() -> {
          work.run();
          return null;
        }, false), work -> context.runOnContext(v -> work.run()));
    Queueing queueing = new Queueing(QueueOrder.parse(config.limits().queueOrder()),
        config.limits().priorityAgingSeconds() * 1000L);
    runner = new TaskRunner(context, store, models, new InferenceRunner(config.name(), clock), standing, config.name(),
        clock, loader, queueing);
    loader.busyWhen(m -> runner.hasWork(m.id()));
    remotes = Remotes.of(vertx, config.remotes(), System.getenv(), clock);
    budget = new CloudBudget(config.routing().cloudDailyTokens(), config.routing().cloudDailyCost(),
        dataDir, clock);
    remoteRunner = new RemoteRunner(context, store, remotes, new RemoteInference(config.name(), clock), standing,
        config.name(), clock, budget, queueing);
    book = new AdvertBook(ADVERT_MAX_AGE, clock);
    strangers = new Strangers(mode.membership(), book, clock);
    security = new SecurityReport(SealedBus.of(vertx).security(), strangers, config.auth().enabled() ? "keys"
        : config.http().loopbackOnly() ? "this machine only" : "open to the network (http.allowOpen)", clock);
    advert = new AdvertBuilder(config, nodeId, MeshVersion.current(), host, probe, models, runner,
        mode.membership().clustered(), drain, clock, new RemotePart(
            () -> remotes.infos(remoteRunner::backlogSeconds, budget.exhausted(nodeId, book.live())),
            () -> remotes.hasCloud() ? budget.today() : null));
    exchange = new AdvertExchange(vertx, book, advert::build);
    runner.onLoadChange(exchange::publishSoon);
    remoteRunner.onLoadChange(exchange::publishSoon);
    remotes.onChange(() -> context.runOnContext(v -> exchange.publish()));
    jobs = new JobStore(vertx, dataDir, mode.map(JobStore.MAP_NAME, String.class), retention.keep());
    Optional<Signature> taskCallbacks = Optional.ofNullable(config.callbacks().secret()).map(Signature::new);
    // a job from a hook is signed with the hook's secret, one from a task's own callback with callbacks.secret
    jobWatcher = new JobWatcher(context, store, new CallbackSender(vertx, jobs, store,
        hook -> hook == null ? taskCallbacks : hooks.signature(hook), clock));
    mode.shareTaskChanges(vertx, store);
    return openFolder()
        .compose(opened -> keysFor(opened, retention).map(opened))
        .onSuccess(opened -> {
          folder = opened;
          dispatcher = new Dispatcher(vertx, store, runner, models, remotes, remoteRunner, book, advert::build, folder,
              standing, new Dispatcher.Settings(config.name(), Objective.parse(config.routing().objective()),
                  config.routing().hopLimit(), config.routing().hopTimeoutMs(),
                  Fallback.parse(config.routing().fallback()), RoutingPolicy.parse(config.routing().policy()),
                  config.routing().rebalance()), clock);
          // another node's load changed: what waits here may finish sooner there now
          exchange.onAdvert(a -> {
            if (!a.name().equals(config.name())) {
              dispatcher.rebalance();
            }
          });
          runner.onCrashRetry(dispatcher::retryAfterCrash);
          remoteRunner.onReroute(dispatcher::dispatch);
        })
        .compose(v -> store.recover())
        .compose(unfinished -> jobs.recover().map(owned -> {
          this.recoveredJobs = owned;
          return unfinished;
        }))
        .compose(unfinished -> listen().map(unfinished))
        .onSuccess(unfinished -> joinMesh())
        .onSuccess(unfinished -> watchEngines().onComplete(settled -> {
          recovery.restarted(unfinished);
          // a job's callback is owed by the node that took its delivery, also after a restart
          recoveredJobs.stream().filter(j -> config.name().equals(j.origin())).forEach(jobWatcher::watch);
        }));
  }

  /** The shared folder, when configured: the fallback for the event bus, and how nodes outside the cluster work. */
  private Future<SharedFolder> openFolder() {
    if (!config.handoff().enabled()) {
      return Future.succeededFuture(SharedFolder.NONE);
    }
    return vertx.executeBlocking(() -> (SharedFolder) new HandoffTransport(vertx, context, config.handoff(),
            config.name(), store, models, remotes, book, runner::enqueue, remoteRunner::enqueue, clock), false)
        .onSuccess(t -> LOG.info("handoff folder {} (poll every {} ms){}", t.directory(), config.handoff().pollMs(),
            mode.membership().clustered() ? "" : "; not in a cluster: the folder is this node's only transport"));
  }

  /**
   * Where idempotency keys live: in the shared folder when there is one — the one place every node sees alike
   * whatever the cluster's state, so even the two sides of a split can't give one key to two tasks (the chaos
   * suite saw a node on the smaller side accept a key the larger side had given out); else the mode's registry.
   */
  private Future<Void> keysFor(SharedFolder opened, Retention retention) {
    return vertx.executeBlocking(() -> {
      keys = opened.present() ? new FileKeys(vertx, opened.directory(), retention.keep())
          : mode.keys(vertx, dataDir, retention);
      return null;
    }, false);
  }

  /** The advert changed for a reason other than load (drained, undrained): every node hears it now. */
  private void advertChanged() {
    context.runOnContext(v -> exchange.publish());
  }

  int httpPort() {
    return server.actualPort();
  }

  AdvertBuilder advert() {
    return advert;
  }

  private Future<HttpServer> listen() {
    var limits = new TaskValidator.Limits(config.limits().maxPromptChars(), config.limits().maxTokens());
    TaskIntake intake = new TaskIntake(context, store, models, runner, dispatcher, keys, standing, dispatcher::preview,
        this::meshModelIds, limits, config.limits().queueCapacity(), config.name(), clock,
        LocalOnlyKinds.of(config.routing().localOnlyKinds()));
    var health = NodeHealth.create(vertx, probe, models, store, mode.membership(), folder);
    health.register("security", promise -> promise.complete(io.vertx.ext.healthchecks.Status.OK(security.health())));
    HookRoute hookRoute;
    try {
      hookRoute = new HookRoute(vertx, hooks, dataDir, mode.map(HookRoute.DELIVERY_IDS_MAP, Long.class), intake, jobs, jobWatcher,
          config.name(), clock,
          HttpErrors::fail);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    List<Consumer<Router>> features = List.of(new JobRoutes(jobs, store, HttpErrors::fail)::mount, hookRoute::mount,
        new DrainRoutes(vertx, drain, config.name(), this::advertChanged, clock, HttpErrors::fail)::mount,
        new StatusRoutes(vertx, advert::build, book, store, mode.membership(), folder, standing, models.skipped(),
            clock, security, accuracy)::mount,
        new MeshMetrics(vertx, config.name(), store, runner, models, mode.membership(), folder, remotes,
            remotes.hasCloud() ? budget : null).withSecurity(security).withEstimates(accuracy)::mount,
        new DashboardRoute()::mount);
    return new ApiServer(vertx, config.http(), config.auth(), config.limits().maxWaitSeconds(), intake, store,
        () -> book.liveWith(advert.build()), health,
        new TaskCallbacks(jobs, jobWatcher, config.name(), clock, config.callbacks().secret() != null,
            CallbackAllowList.of(config.callbacks().allow(), config.hooks().stream().map(h -> h.callback()).toList())),
        new Canceller(store, config.name(), clock), features)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** Every name some model of the mesh answers to: ids, aliases, and their {@code :latest} forms. */
  private Set<String> meshModelIds() {
    Set<String> names = new java.util.HashSet<>();
    models.all().forEach(m -> names.addAll(ModelNames.of(m.id(), m.file().roles().aliases())));
    remotes.all().forEach(r -> r.models().forEach(m -> names.addAll(m.names())));
    book.live().forEach(a -> a.models().forEach(m -> names.addAll(m.names())));
    return names;
  }

  /** Forgets ended tasks, jobs and idempotency keys past the retention, now and every 10 s. */
  private void pruneHistory() {
    vertx.setPeriodic(0, PRUNE_EVERY_MS, t -> vertx.executeBlocking(() -> {
      int tasks = store.prune(clock.instant());
      int forgottenKeys = keys.prune(clock.instant());
      int forgottenJobs = jobs.prune(clock.instant());
      if (tasks + forgottenKeys + forgottenJobs > 0) {
        LOG.info("retention: forgot {} ended task(s), {} job(s) and {} idempotency key(s)", tasks, forgottenJobs,
            forgottenKeys);
      }
      return null;
    }, false).onFailure(e -> LOG.warn("retention: {}", e.getMessage())));
  }

  private void joinMesh() {
    pruneHistory();
    recovery = new Recovery(store, dispatcher, folder, keys, config.name(), clock);
    standing.onSettled(recovery::rejoined);
    dispatcher.listen(nodeId);
    SealedBus.of(vertx).consumer(Addresses.ping(nodeId), Kind.PING,
        (ping, opened) -> SealedBus.of(vertx).reply(ping, config.name().getBytes(StandardCharsets.UTF_8)));
    vertx.setPeriodic(AdvertExchange.HEARTBEAT_MS, t -> {
      dispatcher.retryWaiting();
      dispatcher.rebalance();
    });
    new StrandedTasks(store, dispatcher, id -> runner.holds(id) || remoteRunner.holds(id), folder, standing,
        config.name(), clock).watch(vertx);
    remotes.start(vertx);
    exchange.start();
    if (mode.membership().clustered()) {
      strangers.watch(vertx);
    }
    // a node cut off claims nothing either: the mesh may have given the task to someone else meanwhile
    folder.start(() -> drain.on() || !standing.settled(), advert::build);
    mode.recoverLostMembers(vertx, context, book, standing, recovery);
  }

  /**
   * Engines report from their own threads; hop back onto the event loop to pump and benchmark. The
   * future completes once every model is measured (or its engine is unusable): routing needs speeds.
   */
  private Future<Void> watchEngines() {
    List<Future<Void>> settled = new ArrayList<>();
    List<LocalModel> loadedAtStart = loader.loadWhatFits();
    for (LocalModel model : models.all()) {
      Promise<Void> measured = Promise.promise();
      settled.add(measured.future());
      if (!loadedAtStart.contains(model)) {
        measured.complete(); // measured when it first loads; routing scales its speeds from a measured one till then
      }
      boolean[] benchmarked = {false};
      model.onStatus(status -> context.runOnContext(v -> {
        if (status.ready() && !benchmarked[0]) {
          benchmarked[0] = true;
          benchmark(model, measured);
        } else {
          runner.pump(model);
        }
        if (status.state() == EngineStatus.State.UNUSABLE) {
          measured.tryComplete();
        }
        if (status.state() == EngineStatus.State.UNLOADED) {
          loader.retryWaiting();
        }
        exchange.publish();
      }));
      if (model.engineStatus().ready() && !benchmarked[0]) {
        benchmarked[0] = true;
        benchmark(model, measured);
      }
    }
    return Future.join(settled).mapEmpty();
  }

  /** Measured before any task runs so the first advert already carries real tokens/s. */
  private void benchmark(LocalModel model, Promise<Void> measured) {
    Future.fromCompletionStage(model.selfBenchmark(), context)
        .onSuccess(b -> LOG.info("model {}: prefill {} tok/s, decode {} tok/s (self-benchmark)", model.id(),
            Math.round(b.prefillTokensPerSecond()), Math.round(b.decodeTokensPerSecond())))
        .onFailure(e -> LOG.warn("model {}: self-benchmark failed: {}", model.id(), e.getMessage()))
        // grammar-held kinds cost what tokens/s can't say: measured once before any task, not learned in a burst
        .compose(b -> Future.fromCompletionStage(model.calibrateKinds(), context)
            .onSuccess(factors -> LOG.info("model {}: kind factors {} (one short task of each grammar-held kind)",
                model.id(), factors))
            .onFailure(e -> LOG.warn("model {}: grammar-held kinds not measured: {}", model.id(), e.getMessage())))
        .onComplete(done -> {
          measured.tryComplete();
          runner.pump(model);
          exchange.publish();
        });
  }

  @Override
  public Future<?> stop() {
    exchange.stop();
    folder.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
