package dev.mesh.node.remote;

import dev.mesh.node.config.RemoteApi;
import dev.mesh.node.config.RemoteConfig;
import dev.mesh.node.config.RemoteModelConfig;
import dev.mesh.protocol.advert.Circuit;
import dev.mesh.protocol.advert.Network;
import dev.mesh.protocol.advert.Remote;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One remote engine as this node knows it: how to call it, its breaker, the models it serves (listed in the
 * config, or discovered from the remote when none are), and how many calls it takes at once — one while it is on
 * trial (half open).
 */
public final class RemoteEngine {
  private final String name;
  private final RemoteApi api;
  private final Network network;
  private final RemoteClient client;
  private final Breaker breaker;
  private final int concurrency;
  private final RemoteConfig.CostConfig cost;
  private final boolean discovers;
  private final List<RemoteModel> models = new CopyOnWriteArrayList<>();

  RemoteEngine(RemoteConfig config, RemoteClient client, Clock clock) {
    this.name = config.name();
    this.api = RemoteApi.parse(config.api());
    this.network = Network.parse(config.network());
    this.client = client;
    this.breaker = new Breaker(clock, Duration.ofMillis(config.cooldownOrDefault()),
        Duration.ofMillis(Math.max(config.cooldownOrDefault(), RemoteConfig.MAX_COOLDOWN_MS)));
    this.concurrency = config.concurrencyOrDefault();
    this.cost = config.costPerMillionTokens();
    this.discovers = config.models().isEmpty();
    config.models().forEach(m -> models.add(new RemoteModel(m)));
  }

  public String name() {
    return name;
  }

  public RemoteApi api() {
    return api;
  }

  public Network network() {
    return network;
  }

  public RemoteClient client() {
    return client;
  }

  public Breaker breaker() {
    return breaker;
  }

  public List<RemoteModel> models() {
    return models;
  }

  /** Calls it may have in flight now: none while open, one while on trial. */
  public int slots() {
    return switch (breaker.state()) {
      case CLOSED -> concurrency;
      case HALF_OPEN -> 1;
      case OPEN -> 0;
    };
  }

  public int concurrency() {
    return concurrency;
  }

  /** What {@code tokensIn} and {@code tokensOut} cost on it (0 when it has no price: a household machine). */
  public double cost(long tokensIn, long tokensOut) {
    return cost == null ? 0 : (tokensIn * cost.input() + tokensOut * cost.output()) / 1_000_000.0;
  }

  public Optional<RemoteModel> model(String name) {
    return models.stream().filter(m -> m.answersTo(name)).findFirst();
  }

  /** Models found by asking the remote, when the config lists none: each with the default kinds. */
  void discovered(List<String> ids) {
    if (!discovers) {
      return;
    }
    ids.stream().filter(id -> model(id).isEmpty()).forEach(id -> models.add(new RemoteModel(RemoteModelConfig.named(id))));
  }

  /** A model's part of the advert: the remote's state, the model's measures. */
  Remote advertised(RemoteModel model, double backlogSeconds, boolean budgetSpent) {
    double firstToken = model.stats().firstTokenSeconds();
    Circuit circuit = breaker.state();
    return new Remote(name, api.wire(), network, circuit, breaker.openUntil(), breaker.outage(),
        model.stats().errorRate(), Double.isFinite(firstToken) ? firstToken : 0, backlogSeconds, budgetSpent);
  }
}
