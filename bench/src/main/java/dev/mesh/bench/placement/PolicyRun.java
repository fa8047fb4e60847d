package dev.mesh.bench.placement;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One burst under one policy: makespan (first acceptance to last result), energy (each node's busy watts times the
 * run time of the tasks it ran), the tasks, and how many did not succeed.
 */
record PolicyRun(String policy, double makespanSeconds, double joules, List<TaskRun> tasks, int failed) {

  Map<String, Long> tasksByNode() {
    return new TreeMap<>(tasks.stream().collect(Collectors.groupingBy(TaskRun::node, Collectors.counting())));
  }

  static double joules(List<TaskRun> tasks, Map<String, Double> busyWatts) {
    return tasks.stream().mapToDouble(t -> busyWatts.getOrDefault(t.node(), 0.0) * t.runSeconds()).sum();
  }
}
