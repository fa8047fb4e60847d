package dev.mesh.node.advert;

import dev.mesh.node.config.NodeConfig;
import dev.mesh.node.dispatch.TaskRunner;
import dev.mesh.node.drain.DrainSwitch;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.engine.ProbeResult;
import dev.mesh.node.host.HostProbe;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.SpeedPrior;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Platform;
import dev.mesh.protocol.advert.Power;
import dev.mesh.protocol.advert.Transports;
import dev.mesh.protocol.json.MeshJson;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/** Builds this node's advert (docs/architecture.md, adverts) from what it measures now: RAM, engines, speeds, load. */
public final class AdvertBuilder {
  private final NodeConfig config;
  private final String nodeId;
  private final String version;
  private final Instant startedAt;
  private final HostProbe host;
  private final ProbeResult engineProbe;
  private final ModelCatalog models;
  private final TaskRunner runner;
  private final boolean clustered;
  private final DrainSwitch drain;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final RemotePart remotes;

  public AdvertBuilder(NodeConfig config, String nodeId, String version, HostProbe host, ProbeResult engineProbe,
      ModelCatalog models, TaskRunner runner, boolean clustered, DrainSwitch drain, Clock clock) {
    this(config, nodeId, version, host, engineProbe, models, runner, clustered, drain, clock, RemotePart.NONE);
  }

  /** @param remotes what this node's remote engines add: their models, today's cloud spending */
  public AdvertBuilder(NodeConfig config, String nodeId, String version, HostProbe host, ProbeResult engineProbe,
      ModelCatalog models, TaskRunner runner, boolean clustered, DrainSwitch drain, Clock clock,
      RemotePart remotes) {
    this.remotes = remotes;
    this.drain = drain;
    this.config = config;
    this.nodeId = nodeId;
    this.version = version;
    this.startedAt = clock.instant();
    this.host = host;
    this.engineProbe = engineProbe;
    this.models = models;
    this.runner = runner;
    this.clustered = clustered;
    this.clock = clock;
  }

  public NodeAdvert build() {
    String degraded = degradedReason();
    return new NodeAdvert(MeshJson.SCHEMA_VERSION, nodeId, config.name(), config.cluster().host(), version, startedAt,
        new Platform(host.os(), host.arch(), host.logicalCores(), engineProbe.cpuFeatures()),
        memory(),
        Stream.concat(models.all().stream().map(m -> m.info(SpeedPrior.forModel(m, models.all()))),
            remotes.models().get().stream()).toList(),
        engineProbe.available() ? new LocalEngine(true, null, engineProbe.library())
            : LocalEngine.unavailable(engineProbe.reason()),
        runner.load(models.all().size()),
        new Power(config.power().idleWatts(), config.power().busyWatts()),
        drain.on() ? NodeState.DRAINING : degraded == null ? NodeState.UP : NodeState.DEGRADED,
        drain.on() ? drain.reason() + (degraded == null ? "" : "; also " + degraded) : degraded,
        new Transports(clustered, null),
        sequence.incrementAndGet(), clock.instant(), remotes.cloudSpend().get());
  }

  /** RAM now, with what the models hold and what idle ones would give up for a model that is not loaded. */
  private Memory memory() {
    long held = 0;
    long reclaimable = 0;
    for (LocalModel m : models.all()) {
      long bytes = m.heldBytes();
      held += bytes;
      reclaimable += runner.hasWork(m.id()) ? 0 : bytes;
    }
    return new Memory(host.totalMemoryBytes(), host.availableMemoryBytes(), config.memory().reserveBytes(),
        config.memory().limitBytes(), held, reclaimable);
  }

  /** Why the node can do less than its config says, or null. */
  private String degradedReason() {
    if (!engineProbe.available()) {
      return "no local engine: " + engineProbe.reason();
    }
    String broken = models.all().stream()
        .filter(m -> m.engineStatus().state() == EngineStatus.State.UNUSABLE)
        .map(m -> m.id() + ": " + m.engineStatus().reason())
        .collect(Collectors.joining("; "));
    return broken.isEmpty() ? null : "engine unusable: " + broken;
  }
}
