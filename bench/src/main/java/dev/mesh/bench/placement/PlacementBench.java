package dev.mesh.bench.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.cluster.MeshCluster;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.node.household.HouseholdWorkload;
import dev.mesh.protocol.routing.RoutingPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The router against round-robin and least-busy on real node processes whose speeds really differ (synthetic models
 * of different sizes, one engine thread each): each case's tasks sent at once to an engine-less entry node, one
 * entry per policy ({@code routing.policy}) in the same cluster, so every policy meets the same nodes; each policy
 * {@link #RUNS} times, interleaved, medians reported, beside the best makespan the measured per-task times allow.
 */
public final class PlacementBench implements Benchmark {
  static final String NAME = "routing-real";
  static final int RUNS = Integer.getInteger("mesh.bench.routing.runs", 3);
  /** Which cases to run: seed, burst or both (the default). */
  static final String CASES = System.getProperty("mesh.bench.routing.cases", "seed,burst");
  static final List<RoutingPolicy> POLICIES = List.of(RoutingPolicy.ROUTER, RoutingPolicy.ROUND_ROBIN,
      RoutingPolicy.LEAST_BUSY);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "real nodes of different speeds: makespan and energy of the seed workload and of a 60-chat burst under the"
        + " router vs round-robin vs least-busy, against the best makespan the measured per-task times allow";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    if (CASES.contains("seed")) {
      runCase(env, report, seedCase(env));
    }
    if (CASES.contains("burst")) {
      runCase(env, report, burstCase(env));
    }
  }

  /**
   * The seed workload on two engine nodes whose per-token cost is 1x and 2x (4 and 8 layers of width 768): two
   * engines, one thread each, for this machine's two cores — a third engine would only split a core with another,
   * and its speed would not be its own.
   */
  private static SpeedCase seedCase(BenchEnv env) throws Exception {
    Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    nodes.put("fast", SpeedCase.engineNode(layers(env, 4), HouseholdWorkload.DRAFT_TIER, 30));
    nodes.put("slow", SpeedCase.engineNode(layers(env, 8), HouseholdWorkload.DRAFT_TIER, 12));
    List<JsonNode> tasks = new ArrayList<>();
    for (String body : HouseholdWorkload.requests()) {
      tasks.add(HttpJson.JSON.readTree(body));
    }
    return new SpeedCase("seed", nodes, SpeedCase.watts(nodes), tasks);
  }

  /** The burst: 60 chats of 48 tokens, one node the synthetic default, the other the demo's writer size. */
  private static SpeedCase burstCase(BenchEnv env) throws Exception {
    Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    nodes.put("small", SpeedCase.engineNode(BenchModels.synth(env, "synth-default").path(), "light", 30));
    nodes.put("big", SpeedCase.engineNode(BenchModels.synth(env, "synth-6x384", "--layers", "6", "--dim", "384",
        "--ff", "1024").path(), "light", 30));
    return new SpeedCase("burst", nodes, SpeedCase.watts(nodes), SpeedCase.chats(60, 48));
  }

  private static Path layers(BenchEnv env, int layers) throws Exception {
    return BenchModels.synth(env, "synth-" + layers + "x768", "--layers", String.valueOf(layers), "--dim", "768",
        "--ff", "2048", "--heads", "12", "--kv-heads", "12", "--quant", "Q8_0").path();
  }

  private static void runCase(BenchEnv env, Report report, SpeedCase c) throws Exception {
    Map<String, ObjectNode> configs = new LinkedHashMap<>();
    for (RoutingPolicy p : POLICIES) {
      ObjectNode entry = HttpJson.JSON.createObjectNode();
      entry.putObject("routing").put("policy", p.wire());
      entry.putObject("engine").put("enabled", false); // it only routes
      configs.put(entryName(p), entry);
    }
    configs.putAll(c.engineNodes());
    try (MeshCluster cluster = MeshCluster.start(env, configs, LauncherOptions.read(env.launcher()), START_TIMEOUT)) {
      report.note(NAME, c.name() + ": " + speeds(cluster, c));
      Burst.run("warm-up", cluster.node(entryName(RoutingPolicy.ROUND_ROBIN)), c.tasks(), c.busyWatts(),
          records(env, c, "warm-up", 0));
      Map<RoutingPolicy, List<PolicyRun>> runs = new EnumMap<>(RoutingPolicy.class);
      for (int i = 0; i < RUNS; i++) {
        for (RoutingPolicy p : POLICIES) {
          Idle.await(cluster, c.engineNodes().keySet());
          runs.computeIfAbsent(p, k -> new ArrayList<>())
              .add(Burst.run(p.wire(), cluster.node(entryName(p)), c.tasks(), c.busyWatts(),
                  records(env, c, p.wire(), i + 1)));
        }
      }
      new CaseReport(report, NAME, c).print(runs);
      report.note(NAME, c.name() + ": estimate figures on each engine node's /cluster/status: " + estimates(cluster, c));
    }
  }

  private static Path records(BenchEnv env, SpeedCase c, String policy, int run) {
    return env.workDir().resolve(c.name() + "-" + policy + "-" + run + ".jsonl");
  }

  static String entryName(RoutingPolicy p) {
    return "via-" + p.wire();
  }

  private static String speeds(MeshCluster cluster, SpeedCase c) throws Exception {
    List<String> parts = new ArrayList<>();
    for (JsonNode a : cluster.node(entryName(RoutingPolicy.ROUTER)).clusterStatus().path("nodes")) {
      String name = a.path("name").asText();
      if (c.engineNodes().containsKey(name)) {
        JsonNode m = a.path("models").path(0);
        parts.add(String.format(Locale.ROOT, "%s prefill %.0f tok/s, decode %.0f tok/s, %.0f W busy", name,
            m.path("prefillTokensPerSecond").asDouble(), m.path("decodeTokensPerSecond").asDouble(),
            c.busyWatts().get(name)));
      }
    }
    return "self-measured speeds: " + String.join("; ", parts);
  }

  private static String estimates(MeshCluster cluster, SpeedCase c) throws Exception {
    List<String> parts = new ArrayList<>();
    for (String node : c.engineNodes().keySet()) {
      JsonNode status = cluster.node(node).clusterStatus();
      parts.add(node + " " + status.path("estimates") + ", load " + status.path("nodes").path(0).path("load"));
    }
    return String.join("; ", parts);
  }
}
