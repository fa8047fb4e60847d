package dev.mesh.bench.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.Benchmark;
import dev.mesh.bench.Report;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.model.BenchModels;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.routing.RouteRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makespan of the seed workload on the three profiles under this mesh's router, round-robin and least-busy,
 * against a lower bound: a simulation in this JVM (each task's true duration is the router's own estimate, so it can
 * not show estimates that are wrong; {@code routing-real} measures real nodes), fed the adverts (with the speeds they measured) of real
 * pi, macmini and imac nodes started one after another in this run.
 */
public final class RoutingBench implements Benchmark {
  static final String NAME = "routing";
  static final List<String> PROFILES = List.of("pi", "macmini", "imac");
  /** The what-if: macmini at pi's measured speeds times its thread cap over pi's (8 / 4), which 2 cores can't show. */
  static final double WHAT_IF_MACMINI_FACTOR = 2.0;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a simulation, not a measurement (routing-real runs real nodes): makespan of the seed workload (40 classify, 20 embed, 2 drafts) on pi/macmini/imac:"
        + " router vs round-robin vs least-busy vs lower bound";
  }

  @Override
  public void run(BenchEnv env, Report report) throws Exception {
    BenchModel model = BenchModels.stories(env);
    List<SimNode> nodes = new ArrayList<>();
    for (String profile : PROFILES) {
      nodes.add(new SimNode(advertOf(env, profile, model)));
    }
    nodes.forEach(n -> report.note(NAME, describe(n)));
    List<RouteRequest> tasks = dev.mesh.node.household.HouseholdWorkload.tasks().stream()
        .map(t -> RouteRequest.of(t, Objective.FASTEST)).toList();
    simulate(report, "", nodes, tasks, true);
    SimNode pi = nodes.get(PROFILES.indexOf("pi"));
    List<SimNode> whatIf = nodes.stream()
        .map(n -> n.name().equals("macmini") ? n.withSpeedsOf(pi, WHAT_IF_MACMINI_FACTOR) : n).toList();
    report.note(NAME, "what-if (not measured): macmini at " + WHAT_IF_MACMINI_FACTOR + "x pi's measured speeds, as"
        + " its profile's 8 threads vs pi's 4 might give on real machines; no targets: the figures above are the"
        + " run's");
    simulate(report, "what-if: ", whatIf, tasks, false);
  }

  /** Starts a node of this profile alone, waits until its speeds are measured, keeps its advert, stops it. */
  private static NodeAdvert advertOf(BenchEnv env, String profile, BenchModel model) throws Exception {
    ObjectNode config = HttpJson.JSON.createObjectNode().put("profile", profile);
    config.putArray("models").addObject().put("path", model.path().toString()).put("id", "bench-model");
    try (NodeProcess node = NodeProcess.start(env, profile, config, LauncherOptions.read(env.launcher()),
        List.of("--no-cluster"))) {
      node.awaitHealthy(START_TIMEOUT);
      return MeshJson.mapper().treeToValue(node.clusterStatus().path("nodes").path(0), NodeAdvert.class);
    }
  }

  private static void simulate(Report report, String prefix, List<SimNode> nodes, List<RouteRequest> tasks,
      boolean targets) {
    Simulation sim = new Simulation(nodes, tasks);
    double bound = LowerBounds.simple(sim);
    Simulation.Outcome router = sim.run(new RouterPolicy(nodes));
    Simulation.Outcome roundRobin = sim.run(new RoundRobin(nodes.size()));
    Simulation.Outcome leastBusy = sim.run(new LeastBusy());
    report.figure(NAME, prefix + "lower bound", bound * 1000, "ms");
    double splitBound = LowerBounds.splitTasks(sim);
    report.figure(NAME, prefix + "lower bound with split tasks (speed-aware)", splitBound * 1000, "ms");
    report.figure(NAME, prefix + "makespan router (fastest)", router.makespanSeconds() * 1000, "ms");
    report.figure(NAME, prefix + "makespan round-robin", roundRobin.makespanSeconds() * 1000, "ms");
    report.figure(NAME, prefix + "makespan least-busy", leastBusy.makespanSeconds() * 1000, "ms");
    report.ratio(NAME, prefix + "router / lower bound", router.makespanSeconds() / bound,
        targets ? "target <= 1.15" : "");
    report.ratio(NAME, prefix + "router / lower bound with split tasks", router.makespanSeconds() / splitBound, "");
    report.ratio(NAME, prefix + "router / round-robin", router.makespanSeconds() / roundRobin.makespanSeconds(),
        targets ? "target <= 0.70 (30% better)" : "");
    report.ratio(NAME, prefix + "router / least-busy", router.makespanSeconds() / leastBusy.makespanSeconds(),
        targets ? "target <= 0.70 (30% better)" : "");
    // the most any policy could gain over a baseline is what separates that baseline from the best bound
    double best = Double.isNaN(splitBound) ? bound : Math.max(bound, splitBound);
    report.note(NAME, String.format(Locale.ROOT, "%sno policy can beat round-robin by more than %.0f%% here"
        + " (1 - best bound / round-robin)", prefix, 100 * (1 - best / roundRobin.makespanSeconds())));
    report.note(NAME, prefix + "split (tasks, busy ms by node): router " + split(nodes, router)
        + "; round-robin " + split(nodes, roundRobin) + "; least-busy " + split(nodes, leastBusy));
  }

  private static String split(List<SimNode> nodes, Simulation.Outcome o) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (o.tasks()[i] > 0) {
        parts.add(String.format(Locale.ROOT, "%s %d/%.0f", nodes.get(i).name(), o.tasks()[i],
            o.busySeconds()[i] * 1000));
      }
    }
    return String.join(", ", parts);
  }

  private static String describe(SimNode n) {
    NodeAdvert a = n.advert();
    if (!a.engine().available()) {
      return a.name() + ": no engine (" + a.engine().reason() + ")";
    }
    ModelInfo m = a.models().get(0);
    return String.format(Locale.ROOT, "%s: measured prefill %.0f tok/s, decode %.0f tok/s (%s)", a.name(),
        m.prefillTokensPerSecond(), m.decodeTokensPerSecond(), m.id());
  }
}
