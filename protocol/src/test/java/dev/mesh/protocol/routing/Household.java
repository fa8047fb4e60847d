package dev.mesh.protocol.routing;

import dev.mesh.protocol.advert.Circuit;
import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.Network;
import dev.mesh.protocol.advert.Remote;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Platform;
import dev.mesh.protocol.advert.Power;
import dev.mesh.protocol.advert.Transports;
import dev.mesh.protocol.task.TaskKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Adverts of the three household machines, each a builder to vary one thing: pi (slow, 5 W),
 * imac (no engine: cpu lacks avx2, 120 W), macmini (fast, 30 W). Each runs "qwen" for text and
 * "minilm" for embeddings, both loaded and resident.
 */
final class Household {
  static final long MIB = 1024L * 1024;
  static final long GIB = 1024 * MIB;
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final List<TaskKind> TEXT_KINDS =
      List.of(TaskKind.GENERATE, TaskKind.CHAT, TaskKind.CLASSIFY, TaskKind.SUMMARIZE);

  private Household() {}

  static Node pi() {
    return new Node("pi", 4, 8 * GIB, 5).models(qwen(200, 8).build(), minilm(1000).build());
  }

  static Node imac() {
    return new Node("imac", 4, 16 * GIB, 120).engine(LocalEngine.unavailable("cpu lacks avx2"))
        .models(qwen(300, 12).build());
  }

  static Node macmini() {
    return new Node("macmini", 8, 16 * GIB, 30).models(qwen(2000, 40).build(), minilm(4000).build());
  }

  static List<NodeAdvert> all() {
    return List.of(pi().build(), imac().build(), macmini().build());
  }

  static Model qwen(double prefill, double decode) {
    return new Model("qwen").architecture("qwen2").kinds(TEXT_KINDS).speeds(prefill, decode).ram(GIB, GIB);
  }

  static Model minilm(double prefill) {
    return new Model("minilm").architecture("bert").kinds(List.of(TaskKind.EMBED)).speeds(prefill, 0)
        .context(512).ram(100 * MIB, 100 * MIB);
  }

  static RouteRequest request(TaskKind kind, int promptTokens, int maxTokens, Objective objective) {
    return new RouteRequest(kind, null, null, promptTokens, maxTokens, 0, false, objective);
  }

  /** A node advert under construction; every setter returns this. */
  static final class Node {
    private String id;
    private final int cores;
    private Memory memory;
    private List<ModelInfo> models = List.of();
    private LocalEngine engine = new LocalEngine(true, null, "llama.cpp");
    private Load load = Load.idle(1);
    private Power power;
    private NodeState state = NodeState.UP;
    private long sequence = 1;

    Node(String id, int cores, long totalBytes, double busyWatts) {
      this.id = id;
      this.cores = cores;
      this.memory = new Memory(totalBytes, totalBytes - 2 * GIB, GIB);
      this.power = new Power(busyWatts / 3, busyWatts);
    }

    Node id(String newId) {
      id = newId;
      return this;
    }

    Node models(ModelInfo... newModels) {
      models = List.of(newModels);
      return this;
    }

    Node engine(LocalEngine newEngine) {
      engine = newEngine;
      return this;
    }

    Node memory(Memory newMemory) {
      memory = newMemory;
      return this;
    }

    Node load(Load newLoad) {
      load = newLoad;
      return this;
    }

    Node backlog(double seconds) {
      return load(new Load(1, 0, 1, seconds));
    }

    Node power(Power newPower) {
      power = newPower;
      return this;
    }

    Node watts(double busyWatts) {
      return power(new Power(0, busyWatts));
    }

    Node state(NodeState newState) {
      state = newState;
      return this;
    }

    Node sequence(long newSequence) {
      sequence = newSequence;
      return this;
    }

    NodeAdvert build() {
      return new NodeAdvert(1, id, id, id + ".local", "0.1.0", T0, new Platform("linux", "aarch64", cores, List.of()),
          memory, models, engine, load, power, state, null, new Transports(true, null), sequence, T0);
    }
  }

  /** A model entry under construction; loaded, context 4096, 1 GiB, unless told otherwise. */
  static final class Model {
    private final String id;
    private String architecture = "llama";
    private int context = 4096;
    private List<TaskKind> kinds = TEXT_KINDS;
    private long ramBytes = GIB;
    private long residentBytes = GIB;
    private double prefill = 100;
    private double decode = 10;
    private boolean loaded = true;
    private boolean loadable;
    private double loadSeconds;
    private List<String> aliases = List.of();
    private String tier;
    private Remote remote;

    Model(String id) {
      this.id = id;
    }

    Model architecture(String arch) {
      architecture = arch;
      return this;
    }

    Model context(int tokens) {
      context = tokens;
      return this;
    }

    Model kinds(List<TaskKind> newKinds) {
      kinds = new ArrayList<>(newKinds);
      return this;
    }

    Model ram(long estimated, long resident) {
      ramBytes = estimated;
      residentBytes = resident;
      return this;
    }

    Model speeds(double prefillTokensPerSecond, double decodeTokensPerSecond) {
      prefill = prefillTokensPerSecond;
      decode = decodeTokensPerSecond;
      return this;
    }

    Model loaded(boolean isLoaded) {
      loaded = isLoaded;
      return this;
    }

    /** Not loaded, but the node loads it on demand in {@code seconds}. */
    Model unloaded(double seconds) {
      loaded = false;
      loadable = true;
      loadSeconds = seconds;
      residentBytes = 0;
      return this;
    }

    Model aliases(String... names) {
      aliases = List.of(names);
      return this;
    }

    Model tier(String newTier) {
      tier = newTier;
      return this;
    }

    /** Served by a remote engine on that network, its circuit as given (no RAM of the node's). */
    Model remote(String name, Network network, Circuit circuit) {
      remote = new Remote(name, "openai", network, circuit, null, circuit == Circuit.OPEN ? "HTTP 503" : null, 0, 0.3,
          0, false);
      ramBytes = 0;
      residentBytes = 0;
      return this;
    }

    Model remote(Remote newRemote) {
      remote = newRemote;
      ramBytes = 0;
      residentBytes = 0;
      return this;
    }

    ModelInfo build() {
      return new ModelInfo(id, "/models/" + id + ".gguf", architecture, 500_000_000L, "Q4_K_M", context, kinds,
          ramBytes, prefill, decode, 5, false, loaded, residentBytes, aliases, tier, loadable, loadSeconds, remote);
    }
  }
}
