package dev.mesh.node;

import dev.mesh.node.security.MeshSecurity;
import dev.mesh.node.security.SealedBus;
import java.time.Clock;
import dev.mesh.handoff.AtomicFiles;
import dev.mesh.node.cluster.ClusterView;
import dev.mesh.node.cluster.HazelcastConfigFactory;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.node.drain.DrainSwitch;
import dev.mesh.node.engine.CpuProbe;
import dev.mesh.node.engine.EngineProbe;
import dev.mesh.node.engine.EngineSpec;
import dev.mesh.node.engine.EngineSupervisor;
import dev.mesh.node.engine.ProbeResult;
import dev.mesh.node.engine.RestartPolicy;
import dev.mesh.node.hooks.Hooks;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.inference.ModelFile;
import dev.mesh.node.inference.ModelFiles;
import dev.mesh.node.profile.Profile;
import dev.mesh.node.profile.ProfileCaps;
import dev.mesh.protocol.advert.NodeAdvert;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mesh node: checked config, models read and sized, the engine probed, a (clustered)
 * Vert.x instance, one engine process per model, and the HTTP API. {@link #close()} ends it all,
 * engine processes included.
 */
public final class MeshNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
  /** Inference never runs on Vert.x threads, but journal fsyncs on slow SD cards can take seconds. */
  private static final long MAX_WORKER_EXECUTE_SECONDS = 120;

  private final Vertx vertx;
  private final ModelCatalog models;
  private final NodeVerticle verticle;

  private MeshNode(Vertx vertx, ModelCatalog models, NodeVerticle verticle) {
    this.vertx = vertx;
    this.models = models;
    this.verticle = verticle;
  }

  /** Blocking: returns once the HTTP API listens (engines may still be loading). */
  public static MeshNode start(NodeConfig configured) throws Exception {
    NodeConfig config = ProfileCaps.apply(configured);
    MeshSecurity security = MeshSecurity.from(config.security(), config.name(), Clock.systemUTC()); // a bad key stops it here
    Path dataDir = AtomicFiles.ownerOnlyDirectory(config.dataPath());
    ModelFiles.Resolved resolved = ModelFiles.resolve(config);
    List<ModelFile> files = resolved.files();
    Hooks hooks = Hooks.compile(config.hooks(), config.http().maxBodyBytes()); // a bad template stops the node here
    ProbeResult probe = probe(config, dataDir);
    LOG.info("node {}: local engine {}", config.name(), probe.available() ? "available (" + probe.reason() + ")"
        : "unavailable: " + probe.reason());
    // no engine: the node still serves HTTP and routes; its advert says why it runs nothing itself
    ModelCatalog models = new ModelCatalog(probe.available() ? startEngines(config, dataDir, files) : List.of(),
        resolved.skipped());
    Vertx vertx = null;
    try {
      vertx = startVertx(config);
      SealedBus.install(vertx, security);
      MeshMode mode = vertx.isClustered()
          ? new ClusteredMode(new ClusterView(hazelcastOf(vertx)), Duration.ofHours(config.retention().keepHours()),
              security)
          : new AloneMode();
      NodeVerticle verticle = new NodeVerticle(config, nodeId(config, vertx), dataDir, models, probe, mode, hooks,
          DrainSwitch.load(dataDir));
      await(vertx.deployVerticle(verticle));
      LOG.info("node {} listening on http://{}:{}", config.name(), config.http().host(), verticle.httpPort());
      if (!config.http().loopbackOnly() && !config.auth().enabled()) {
        LOG.warn("the API on {} takes tasks from and shows them to anyone who can reach it: no auth.apiKeys, and"
            + " http.allowOpen: true", config.http().host());
      }
      return new MeshNode(vertx, models, verticle);
    } catch (Exception e) {
      models.close();
      if (vertx != null) {
        vertx.close();
      }
      throw e;
    }
  }

  public int httpPort() {
    return verticle.httpPort();
  }

  public NodeAdvert advert() {
    return verticle.advert().build();
  }

  public ModelCatalog models() {
    return models;
  }

  @Override
  public void close() {
    models.close(); // first: ending the engine processes is what frees their memory
    try {
      await(vertx.close());
    } catch (Exception e) {
      LOG.warn("closing Vert.x: {}", e.getMessage());
    }
  }

  private static ProbeResult probe(NodeConfig config, Path dataDir) throws IOException {
    CpuProbe cpu = CpuProbe.forThisMachine();
    if (config.profile() != null && Profile.named(config.profile()).cpuFeatures() != null) {
      cpu = cpu.limitedTo(Profile.named(config.profile()).cpuFeatures());
    }
    if (!config.engine().enabled()) {
      return new ProbeResult(false, "local engine disabled in config (engine.enabled: false)", null,
          cpu.check().cpuFeatures());
    }
    EngineSpec spec = engineSpec(config, null, AtomicFiles.ownerOnlyDirectory(dataDir.resolve("engines/probe")),
        config.engine().contextTokens(), config.engine().batchTokens());
    return EngineProbe.run(cpu, spec, PROBE_TIMEOUT);
  }

  private static List<LocalModel> startEngines(NodeConfig config, Path dataDir, List<ModelFile> files)
      throws IOException {
    List<LocalModel> models = new ArrayList<>();
    for (ModelFile file : files) {
      // an id from Ollama ("hf.co/user/model:q4") is no folder name
      String folder = file.id().replaceAll("[^A-Za-z0-9._-]", "_");
      Path workDir = AtomicFiles.ownerOnlyDirectory(dataDir.resolve("engines").resolve(folder));
      EngineSpec spec = engineSpec(config, file.path(), workDir, file.contextTokens(), file.batchTokens())
          .withPooling(file.pooling().pooling());
      // started on each load (ModelLoader): at start only when it fits, else when a task needs it
      models.add(new LocalModel(file, () -> EngineSupervisor.start(spec, true, RestartPolicy.DEFAULT)));
    }
    return models;
  }

  private static EngineSpec engineSpec(NodeConfig config, Path model, Path workDir, int ctx, int batch) {
    List<String> jvm = new ArrayList<>(EngineSpec.DEFAULT_JVM_ARGS);
    jvm.replaceAll(arg -> arg.startsWith("-Xmx") ? "-Xmx" + config.engine().heapMb() + "m" : arg);
    return new EngineSpec(model, ctx, config.engine().threads(), batch, workDir, jvm, null, null,
        config.engine().niceness());
  }

  private static Vertx startVertx(NodeConfig config) throws Exception {
    VertxOptions options = new VertxOptions()
        .setMaxWorkerExecuteTime(MAX_WORKER_EXECUTE_SECONDS)
        .setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS)
        .setWorkerPoolSize(4)
        .setEventLoopPoolSize(2);
    if (!config.cluster().enabled()) {
      return Vertx.vertx(options);
    }
    EventBusOptions eventBus = new EventBusOptions()
        .setHost(config.cluster().host())
        .setPort(config.cluster().eventBusPort());
    if (config.cluster().eventBusPublicPort() > 0) {
      eventBus.setClusterPublicHost(config.cluster().host()).setClusterPublicPort(config.cluster().eventBusPublicPort());
    }
    options.setEventBusOptions(eventBus);
    var hazelcast = HazelcastConfigFactory.build(config.cluster(), "mesh-" + config.name());
    return await(Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered());
  }

  private static com.hazelcast.core.HazelcastInstance hazelcastOf(Vertx vertx) {
    return ((HazelcastClusterManager) ((io.vertx.core.internal.VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
  }

  private static String nodeId(NodeConfig config, Vertx vertx) {
    if (vertx.isClustered()) {
      return config.name() + "@" + ((io.vertx.core.internal.VertxInternal) vertx).clusterManager().getNodeId();
    }
    return config.name() + "@" + UUID.randomUUID();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }
}
