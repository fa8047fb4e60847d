package dev.mesh.bench.routing;

import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.routing.Candidate;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.routing.RouteRequest;
import dev.mesh.protocol.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deterministic discrete-event simulation of a batch of tasks: all arrive at t = 0 in workload order, each is
 * placed by a policy as it arrives, and each node serves its tasks one at a time in arrival order (a task's time
 * on a node: {@link SimNode#seconds}). Which nodes can run a task is what the router's filters say of the idle
 * nodes, so every policy chooses among the same capable nodes.
 */
final class Simulation {
  private final List<SimNode> nodes;
  private final List<RouteRequest> tasks;
  private final List<List<Integer>> capable = new ArrayList<>();

  /** @param tasks routing terms of each task, in arrival order */
  Simulation(List<SimNode> nodes, List<RouteRequest> tasks) {
    this.nodes = List.copyOf(nodes);
    this.tasks = List.copyOf(tasks);
    List<NodeAdvert> idle = nodes.stream().map(SimNode::advert).toList();
    for (RouteRequest task : tasks) {
      List<Integer> ok = new ArrayList<>();
      for (Candidate c : Router.route(task.withObjective(Objective.FASTEST), idle, Set.of()).candidates()) {
        if (c.eligible()) {
          ok.add(indexOf(c.nodeId()));
        }
      }
      if (ok.isEmpty()) {
        throw new IllegalStateException("no node can run " + task);
      }
      ok.sort(null);
      capable.add(ok);
    }
  }

  /** Makespan and what each node did, by node index. */
  record Outcome(double makespanSeconds, int[] tasks, double[] busySeconds) {}

  Outcome run(Policy policy) {
    double[] busyUntil = new double[nodes.size()];
    int[] count = new int[nodes.size()];
    double[] busy = new double[nodes.size()];
    List<List<Double>> finishes = new ArrayList<>();
    nodes.forEach(n -> finishes.add(new ArrayList<>()));
    double now = 0; // every arrival is at t = 0; a later arrival would first let the nodes work until then
    for (int t = 0; t < tasks.size(); t++) {
      List<NodeLoad> loads = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        final double at = now;
        int unfinished = (int) finishes.get(i).stream().filter(f -> f > at).count();
        loads.add(new NodeLoad(unfinished, Math.max(0, busyUntil[i] - now)));
      }
      int i = policy.choose(tasks.get(t), capable.get(t), loads);
      if (!capable.get(t).contains(i)) {
        throw new IllegalStateException(policy.name() + " chose node " + nodes.get(i).name() + ", which cannot run it");
      }
      double seconds = nodes.get(i).seconds(tasks.get(t));
      busyUntil[i] = Math.max(now, busyUntil[i]) + seconds;
      finishes.get(i).add(busyUntil[i]);
      count[i]++;
      busy[i] += seconds;
    }
    double makespan = 0;
    for (double end : busyUntil) {
      makespan = Math.max(makespan, end);
    }
    return new Outcome(makespan, count, busy);
  }

  List<SimNode> nodes() {
    return nodes;
  }

  List<RouteRequest> tasks() {
    return tasks;
  }

  /** Indices of the nodes that can run task {@code t}, ascending. */
  List<Integer> capable(int t) {
    return capable.get(t);
  }

  /** Indices of the nodes that can run at least one task. */
  Set<Integer> capableNodes() {
    Set<Integer> all = new TreeSet<>();
    capable.forEach(all::addAll);
    return all;
  }

  private int indexOf(String nodeId) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id().equals(nodeId)) {
        return i;
      }
    }
    throw new IllegalStateException("router named an unknown node " + nodeId);
  }
}
