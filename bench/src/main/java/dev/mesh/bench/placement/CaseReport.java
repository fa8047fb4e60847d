package dev.mesh.bench.placement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.Report;
import dev.mesh.protocol.routing.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One case's figures: per policy the median makespan, energy and estimate error; the bound; the router's ratios. */
final class CaseReport {
  private final Report report;
  private final String bench;
  private final SpeedCase c;

  CaseReport(Report report, String bench, SpeedCase c) {
    this.report = report;
    this.bench = bench;
    this.c = c;
  }

  void print(Map<RoutingPolicy, List<PolicyRun>> runs) {
    List<PolicyRun> all = runs.values().stream().flatMap(List::stream).toList();
    List<Map<String, Double>> pooled = perTaskSeconds(all);
    double bound = new MakespanBound(countsByKind(), pooled).seconds();
    String p = c.name() + ": ";
    Map<String, Map<String, Double>> named = new java.util.LinkedHashMap<>();
    List<String> nodes = List.copyOf(c.engineNodes().keySet());
    for (int i = 0; i < nodes.size(); i++) {
      named.put(nodes.get(i), pooled.get(i));
    }
    report.note(bench, p + "median run time per task (s) by node and kind, over every run: " + named);
    report.figure(bench, p + "best possible makespan (measured per-task times)", bound * 1000, "ms");
    for (RoutingPolicy policy : runs.keySet()) {
      List<PolicyRun> r = runs.get(policy);
      report.figure(bench, p + "makespan " + policy.wire(), Quantiles.median(r, PolicyRun::makespanSeconds) * 1000,
          "ms");
      report.figure(bench, p + "energy " + policy.wire(), Quantiles.median(r, PolicyRun::joules), "J");
      List<TaskRun> tasks = r.stream().flatMap(x -> x.tasks().stream()).toList();
      report.note(bench, String.format(Locale.ROOT, "%s%s: makespans %s s; tasks by node (last run) %s, moved on from"
              + " a queue %d of %d; failed %d; estimate |error| median %.2f, p90 %.2f, bias %+.2f", p, policy.wire(),
          makespans(r), r.get(r.size() - 1).tasksByNode(), tasks.stream().filter(TaskRun::moved).count(), tasks.size(),
          r.stream().mapToInt(PolicyRun::failed).sum(),
          Quantiles.median(tasks, t -> Math.abs(t.relativeError())),
          Quantiles.of(tasks, t -> Math.abs(t.relativeError()), 0.9), Quantiles.median(tasks, TaskRun::relativeError)));
    }
    double router = Quantiles.median(runs.get(RoutingPolicy.ROUTER), PolicyRun::makespanSeconds);
    report.ratio(bench, p + "router / best possible", router / bound, "target <= 1.15");
    // The nodes share this machine's cores: while both work, each runs its tasks slower than when the other idles,
    // and the pooled times above come partly from stretches where one ran alone (a baseline's tail). Per router run,
    // the bound from the per-task times that run showed is what that run's placement could have reached.
    // What placement alone could gain: each node also spends time between its tasks (storing one outcome, starting
    // the next, on cores the engines share). With that turn counted per task, the bound is what any placement could
    // reach on these nodes as they ran; the gap to the bound before it is the nodes' own per-task work.
    List<Double> ownBound = new ArrayList<>();
    List<Double> placementBound = new ArrayList<>();
    List<String> turns = new ArrayList<>();
    for (PolicyRun run : runs.get(RoutingPolicy.ROUTER)) {
      List<Map<String, Double>> times = perTaskSeconds(List.of(run), all);
      ownBound.add(run.makespanSeconds() / new MakespanBound(countsByKind(), times).seconds());
      for (int i = 0; i < nodes.size(); i++) {
        double turn = turnSeconds(run, nodes.get(i));
        turns.add(String.format(Locale.ROOT, "%s %.0f ms", nodes.get(i), turn * 1000));
        times.get(i).replaceAll((kind, seconds) -> seconds + turn);
      }
      placementBound.add(run.makespanSeconds() / new MakespanBound(countsByKind(), times).seconds());
    }
    report.ratio(bench, p + "router / best possible at its own runs' per-task times",
        Quantiles.median(ownBound, Double::doubleValue), "median over runs " + twoPlaces(ownBound));
    report.ratio(bench, p + "router / best placement (run times + each node's turn between tasks)",
        Quantiles.median(placementBound, Double::doubleValue), "median over runs " + twoPlaces(placementBound)
            + "; turns " + turns);
    for (RoutingPolicy baseline : List.of(RoutingPolicy.ROUND_ROBIN, RoutingPolicy.LEAST_BUSY)) {
      report.ratio(bench, p + "router / " + baseline.wire(),
          router / Quantiles.median(runs.get(baseline), PolicyRun::makespanSeconds), "target <= 0.80");
    }
  }

  /**
   * The time a node spent per task beyond the tasks' run times while it worked through a run: its busy span (first
   * start to last end) less the run times, over its tasks; 0 for a node that ran fewer than two.
   */
  private static double turnSeconds(PolicyRun run, String node) {
    List<TaskRun> ran = run.tasks().stream().filter(t -> t.node().equals(node) && !Double.isNaN(t.startedAt())).toList();
    if (ran.size() < 2) {
      return 0;
    }
    double span = ran.stream().mapToDouble(TaskRun::endedAt).max().orElse(0)
        - ran.stream().mapToDouble(TaskRun::startedAt).min().orElse(0);
    return Math.max(0, (span - ran.stream().mapToDouble(TaskRun::runSeconds).sum()) / ran.size());
  }

  private Map<String, Integer> countsByKind() {
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonNode t : c.tasks()) {
      counts.merge(t.path("kind").asText(), 1, Integer::sum);
    }
    return counts;
  }

  /** Per engine node (in the case's order), per kind it ran in any run: the median run time. */
  private List<Map<String, Double>> perTaskSeconds(List<PolicyRun> all) {
    return perTaskSeconds(all, List.of());
  }

  /**
   * The same over {@code runs}; a node and kind none of them ran takes its median over {@code otherwise} (a node the
   * run gave no task of a kind still could have run it).
   */
  private List<Map<String, Double>> perTaskSeconds(List<PolicyRun> runs, List<PolicyRun> otherwise) {
    List<TaskRun> tasks = runs.stream().flatMap(r -> r.tasks().stream()).toList();
    List<TaskRun> fallback = otherwise.stream().flatMap(r -> r.tasks().stream()).toList();
    List<Map<String, Double>> perNode = new ArrayList<>();
    for (String node : c.engineNodes().keySet()) {
      Map<String, Double> byKind = new TreeMap<>();
      for (String kind : countsByKind().keySet()) {
        List<TaskRun> ran = tasks.stream().filter(t -> t.node().equals(node) && t.kind().equals(kind)).toList();
        if (ran.isEmpty()) {
          ran = fallback.stream().filter(t -> t.node().equals(node) && t.kind().equals(kind)).toList();
        }
        if (!ran.isEmpty()) {
          byKind.put(kind, Math.round(Quantiles.median(ran, TaskRun::runSeconds) * 10000) / 10000.0);
        }
      }
      perNode.add(byKind);
    }
    return perNode;
  }

  private static List<String> twoPlaces(List<Double> ratios) {
    return ratios.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
  }

  private static String makespans(List<PolicyRun> r) {
    return r.stream().map(x -> String.format(Locale.ROOT, "%.2f", x.makespanSeconds())).toList().toString();
  }
}
