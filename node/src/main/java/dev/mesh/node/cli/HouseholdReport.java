package dev.mesh.node.cli;

import dev.mesh.node.accuracy.ErrorSummary;
import dev.mesh.node.accuracy.EstimateAccuracy;
import dev.mesh.node.accuracy.EstimateCheck;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.RouteNote;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.TaskState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the household demo prints: a line per task as it ends, then per-node totals and the makespan. */
final class HouseholdReport {
  private final PrintStream out;

  HouseholdReport(PrintStream out) {
    this.out = out;
  }

  /** Prints the task's line; returns the record so it can sit in a future's chain. */
  synchronized TaskRecord ended(TaskRecord record) {
    out.println(taskLine(record));
    return record;
  }

  synchronized void note(String line) {
    out.println(line);
  }

  static String taskLine(TaskRecord record) {
    String kind = record.task().request().kind().wire();
    Hop routed = record.lastRouted().orElse(null);
    String estimate = routed == null || routed.estimatedSeconds() == null ? "  ?  "
        : String.format("%5.2f", routed.estimatedSeconds());
    if (record.state() != TaskState.SUCCEEDED) {
      return String.format("  %-8s  %-8s  est %s s  %s: %s", kind, record.placement().holder(), estimate,
          record.state().wire(), record.error() == null ? "?" : record.error().code() + ": " + record.error().message());
    }
    TaskResult result = record.result();
    long routings = record.hops().stream().filter(h -> h.is(HopEvent.ROUTED)).count();
    return String.format("  %-8s  %-8s  %-7s  est %s s  actual %5.2f s  %s%s", kind, result.executedBy(),
        result.model(), estimate, actualSeconds(record), routed == null ? "" : why(routed.route()),
        routings > 1 ? " [routed " + routings + " times]" : "");
  }

  /**
   * What the estimate foretold: the time from the decision that sent the task where it ran to its result (a task
   * moved on from a queue has its estimate from the move); from acceptance when it was never routed.
   */
  static double actualSeconds(TaskRecord record) {
    return EstimateCheck.of(record).map(EstimateCheck::actualSeconds)
        .orElse(record.result().timings().totalMs() / 1000.0);
  }

  /** How far the routing estimates were from those times, over the tasks that succeeded with one. */
  void estimates(List<TaskRecord> records) {
    ErrorSummary s = EstimateAccuracy.over(records.stream().filter(r -> r.state() == TaskState.SUCCEEDED).toList());
    if (s.tasks() == 0) {
      return;
    }
    out.printf(Locale.ROOT, "Estimates against actual times: |error| median %.2f, p90 %.2f; bias %+.2f (%s); %d tasks.%n",
        s.medianError(), s.p90Error(), s.bias(),
        s.bias() < 0 ? "promised less time than taken" : "promised more time than taken", s.tasks());
  }

  /** The decision, short: "fastest (macmini 0.12 s; imac: no local engine)". */
  static String why(RouteNote route) {
    if (route == null) {
      return "";
    }
    List<String> others = new ArrayList<>();
    for (RouteNote.Option option : route.options()) {
      if (option.chosen()) {
        continue;
      }
      others.add(option.out().isEmpty()
          ? String.format(Locale.ROOT, "%s %.2f s", option.node(), option.estimatedSeconds())
          : option.node() + ": " + option.out().stream().map(RouteNote.Out::words).sorted()
              .collect(Collectors.joining(", ")));
    }
    return route.objective() + (others.isEmpty() ? "" : " (" + String.join("; ", others) + ")");
  }

  /** Tasks by kind and busy time per node, each node's engine as the cluster sees it, and the makespan. */
  void totals(List<TaskRecord> records, List<HouseholdNode> nodes, List<NodeAdvert> adverts) {
    Map<String, NodeAdvert> byName = adverts.stream().collect(Collectors.toMap(NodeAdvert::name, Function.identity()));
    out.println();
    out.println("Per node (busy = the run times of its tasks, summed):");
    for (HouseholdNode node : nodes) {
      List<TaskRecord> ran = records.stream().filter(r -> r.result() != null)
          .filter(r -> node.name().equals(r.result().executedBy())).toList();
      double busySeconds = ran.stream()
          .mapToLong(r -> r.result().timings().totalMs() - r.result().timings().queuedMs()).sum() / 1000.0;
      out.printf("  %-8s  %-34s  busy %5.2f s  %s%n", node.name(), byKind(ran), busySeconds,
          engine(byName.get(node.name()), node));
    }
    long succeeded = records.stream().filter(r -> r.state() == TaskState.SUCCEEDED).count();
    out.printf("Makespan: %.2f s from the first task accepted to the last one finished; %d of %d tasks succeeded.%n",
        makespanSeconds(records), succeeded, records.size());
  }

  private static String byKind(List<TaskRecord> ran) {
    if (ran.isEmpty()) {
      return "0 tasks";
    }
    Map<String, Long> counts = new TreeMap<>(ran.stream()
        .collect(Collectors.groupingBy(r -> r.task().request().kind().wire(), Collectors.counting())));
    return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
  }

  private static String engine(NodeAdvert advert, HouseholdNode node) {
    if (advert == null) {
      return "not in the cluster any more (see " + node.log() + ")";
    }
    if (advert.engine() == null || !advert.engine().available()) {
      return "no local engine: " + (advert.engine() == null ? "?" : advert.engine().reason());
    }
    String speeds = advert.models().stream().filter(m -> !m.viaRemote()) // a remote's model is not this engine's
        .map(m -> String.format("%s decode %.0f tok/s", m.id(), m.decodeTokensPerSecond()))
        .collect(Collectors.joining(", "));
    return "engine: " + node.engineThreads() + (node.engineThreads() == 1 ? " thread, " : " threads, ") + speeds;
  }

  private static double makespanSeconds(List<TaskRecord> records) {
    long first = records.stream().mapToLong(r -> r.task().acceptedAt().toEpochMilli()).min().orElse(0);
    long last = records.stream().mapToLong(r -> r.updatedAt().toEpochMilli()).max().orElse(0);
    return (last - first) / 1000.0;
  }

  /** What the tasks produced, in brief, and plainly whether it means anything. */
  void results(List<TaskRecord> records) {
    List<TaskResult> results = records.stream().map(TaskRecord::result).filter(r -> r != null).toList();
    Map<String, Long> labels = new TreeMap<>(results.stream().filter(r -> r.label() != null)
        .collect(Collectors.groupingBy(TaskResult::label, Collectors.counting())));
    long embeddings = results.stream().filter(r -> r.embedding() != null).count();
    out.println();
    var scores = results.stream().filter(r -> r.score() != null).mapToInt(TaskResult::score).summaryStatistics();
    out.println("Results: labels " + labels + " (each named by the model: it could write nothing else); "
        + (scores.getCount() == 0 ? "no scores" : scores.getCount() + " scores from " + scores.getMin() + " to "
        + scores.getMax() + " (0-10, held to the range)") + "; " + embeddings + " embeddings of dimension "
        + results.stream().filter(r -> r.embedding() != null).mapToInt(r -> r.embedding().size()).max().orElse(0));
    results.stream().filter(r -> r.label() == null && r.score() == null && r.output() != null)
        .forEach(r -> out.println("  draft by " + r.executedBy() + "'s " + r.model() + ": " + oneLine(r.output())));
    if (results.stream().anyMatch(TaskResult::synthetic)) {
      out.println("The model is synthetic (random weights), so these labels, embeddings and drafts are nonsense;");
      out.println("the routing, estimates, timings and measured speeds are real. Use --model FILE.gguf for real answers.");
    }
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() > 72 ? flat.substring(0, 72) + " ..." : flat;
  }
}
