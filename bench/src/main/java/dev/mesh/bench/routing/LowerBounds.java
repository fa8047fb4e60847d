package dev.mesh.bench.routing;

import dev.mesh.protocol.routing.RouteRequest;
import java.util.ArrayList;
import java.util.List;

/** Makespans no schedule of a simulation's tasks can beat. */
final class LowerBounds {
  private LowerBounds() {}

  /**
   * No schedule finishes sooner than the larger of: every task's time on its best node spread evenly over the
   * nodes that can run anything, and the longest single task on its best node.
   */
  static double simple(Simulation sim) {
    double sum = 0;
    for (int t = 0; t < sim.tasks().size(); t++) {
      sum += best(sim, t);
    }
    return Math.max(sum / sim.capableNodes().size(), longest(sim));
  }

  /**
   * A tighter bound when exactly two nodes can run anything: the least makespan if tasks could be split between
   * them (the LP relaxation), or the longest single task on its best node. Unlike {@link #simple} it
   * counts a slower node as slower. NaN for any other number of capable nodes.
   */
  static double splitTasks(Simulation sim) {
    List<Integer> two = new ArrayList<>(sim.capableNodes());
    if (two.size() != 2) {
      return Double.NaN;
    }
    double low = 0;
    double high = 0;
    for (RouteRequest task : sim.tasks()) { // every task on its slower node: surely enough
      high += Math.max(sim.nodes().get(two.get(0)).seconds(task), sim.nodes().get(two.get(1)).seconds(task));
    }
    for (int i = 0; i < 100; i++) { // bisection on the makespan: feasibility grows with it
      double mid = (low + high) / 2;
      if (fitsSplit(sim, two.get(0), two.get(1), mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return Math.max(high, longest(sim));
  }

  /** The longest single task on its best node. */
  private static double longest(Simulation sim) {
    double longest = 0;
    for (int t = 0; t < sim.tasks().size(); t++) {
      longest = Math.max(longest, best(sim, t));
    }
    return longest;
  }

  /** Task {@code t}'s time on the fastest node that can run it. */
  private static double best(Simulation sim, int t) {
    double best = Double.MAX_VALUE;
    for (int i : sim.capable(t)) {
      best = Math.min(best, sim.nodes().get(i).seconds(sim.tasks().get(t)));
    }
    return best;
  }

  /**
   * Whether split tasks fit both nodes within {@code makespan}: forced tasks where they must go, then the first
   * node filled with the tasks it is relatively best at (fractional knapsack order), the rest on the second.
   */
  private static boolean fitsSplit(Simulation sim, int first, int second, double makespan) {
    double load1 = 0;
    double load2 = 0;
    List<double[]> flexible = new ArrayList<>();
    for (int t = 0; t < sim.tasks().size(); t++) {
      double a = sim.nodes().get(first).seconds(sim.tasks().get(t));
      double b = sim.nodes().get(second).seconds(sim.tasks().get(t));
      boolean on1 = sim.capable(t).contains(first);
      boolean on2 = sim.capable(t).contains(second);
      if (on1 && on2) {
        flexible.add(new double[] {a, b});
      } else if (on1) {
        load1 += a;
      } else {
        load2 += b;
      }
    }
    flexible.sort((x, y) -> Double.compare(x[0] / x[1], y[0] / y[1]));
    for (double[] ab : flexible) {
      double share = Math.max(0, Math.min(1, (makespan - load1) / ab[0]));
      load1 += share * ab[0];
      load2 += (1 - share) * ab[1];
    }
    return load1 <= makespan && load2 <= makespan;
  }
}
