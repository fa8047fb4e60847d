package dev.mesh.node.remote;

import dev.mesh.node.config.RemoteApi;
import dev.mesh.node.config.RemoteConfig;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote engines this node owns: built from {@code remotes:}, probed at start (which also discovers their
 * models), probed again whenever an open circuit's cooldown passes, and advertised with their models.
 */
public final class Remotes {
  private static final Logger LOG = LoggerFactory.getLogger(Remotes.class);
  /** How often open circuits are looked at for a due probe. */
  static final long PROBE_CHECK_MS = 250;

  private final List<RemoteEngine> engines;
  private final Set<String> probing = new HashSet<>();
  private final List<Runnable> changeListeners = new ArrayList<>();

  private Remotes(List<RemoteEngine> engines) {
    this.engines = List.copyOf(engines);
  }

  public static Remotes none() {
    return new Remotes(List.of());
  }

  /** @param env where {@code apiKeyEnv} variables are read */
  public static Remotes of(Vertx vertx, List<RemoteConfig> configs, Map<String, String> env, Clock clock) {
    List<RemoteEngine> engines = new ArrayList<>();
    for (RemoteConfig c : configs) {
      RemoteHttp http = new RemoteHttp(vertx, c.name(), URI.create(c.url().replaceAll("/+$", "")),
          RemoteKeys.of(c, env), c.timeoutOrDefault());
      RemoteClient client = RemoteApi.parse(c.api()) == RemoteApi.OLLAMA ? new OllamaClient(http)
          : new OpenAiClient(http);
      engines.add(new RemoteEngine(c, client, clock));
    }
    return new Remotes(engines);
  }

  public List<RemoteEngine> all() {
    return engines;
  }

  public boolean isEmpty() {
    return engines.isEmpty();
  }

  /** Whether any of its remotes is a cloud one (then the node advertises its cloud spending). */
  public boolean hasCloud() {
    return engines.stream().anyMatch(e -> e.network() == dev.mesh.protocol.advert.Network.CLOUD);
  }

  /** Told when a circuit changes state or models are found: the advert changed. */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  /** A remote engine and one of its models: where a task runs. */
  public record Served(RemoteEngine engine, RemoteModel model) {}

  /** The remote model the task's latest routing chose, when it is one of this node's. */
  public Optional<Served> forRecord(TaskRecord record) {
    return record.routedModel().flatMap(this::named);
  }

  public Optional<Served> named(String name) {
    for (RemoteEngine e : engines) {
      Optional<RemoteModel> m = e.model(name);
      if (m.isPresent()) {
        return Optional.of(new Served(e, m.get()));
      }
    }
    return Optional.empty();
  }

  /** Every model of every remote, as the advert shows them. */
  public List<ModelInfo> infos(ToDoubleFunction<RemoteEngine> backlogSeconds, boolean cloudBudgetSpent) {
    List<ModelInfo> infos = new ArrayList<>();
    for (RemoteEngine e : engines) {
      double backlog = backlogSeconds.applyAsDouble(e);
      e.models().forEach(m -> infos.add(m.info(e.advertised(m, backlog, cloudBudgetSpent))));
    }
    return infos;
  }

  /** Probes every remote now (which discovers models), then each open one as its cooldown passes. */
  public void start(Vertx vertx) {
    engines.forEach(e -> probe(e, true));
    vertx.setPeriodic(PROBE_CHECK_MS, t -> engines.stream().filter(e -> e.breaker().probeDue())
        .forEach(e -> probe(e, false)));
  }

  private void probe(RemoteEngine e, boolean first) {
    if (!probing.add(e.name())) {
      return;
    }
    Future<List<String>> answered = e.client().models();
    answered.onComplete(done -> {
      probing.remove(e.name());
      if (done.succeeded()) {
        e.discovered(done.result());
        if (!first) {
          e.breaker().probeSucceeded();
          LOG.info("remote {}: answered its probe; on trial (half open)", e.name());
        } else {
          LOG.info("remote {} ({}, {}): up, {} model(s): {}", e.name(), e.api().wire(), e.network().wire(),
              e.models().size(), e.models().stream().map(RemoteModel::id).toList());
        }
      } else {
        RemoteFailure f = done.cause() instanceof RemoteFailure rf ? rf
            : new RemoteFailure(RemoteFailure.Kind.UNREACHABLE, e.name() + ": " + done.cause());
        if (first) {
          e.breaker().failed(f);
        } else {
          e.breaker().probeFailed(f);
        }
        LOG.warn("remote {}: {} ({}); circuit open until {}", e.name(), first ? "not up at start" : "probe failed",
            f.getMessage(), e.breaker().openUntil());
      }
      changed();
    });
  }

  /** A call's outcome moved a breaker (or may have): tell the advert. */
  public void changed() {
    changeListeners.forEach(Runnable::run);
  }
}
