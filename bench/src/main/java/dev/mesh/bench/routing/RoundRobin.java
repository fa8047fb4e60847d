package dev.mesh.bench.routing;

import dev.mesh.protocol.routing.RouteRequest;
import java.util.List;

/** Baseline: each task to the next capable node in turn. */
final class RoundRobin implements Policy {
  private final int nodes;
  private int next;

  RoundRobin(int nodes) {
    this.nodes = nodes;
  }

  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public int choose(RouteRequest task, List<Integer> capable, List<NodeLoad> loads) {
    for (int k = 0; k < nodes; k++) {
      int i = (next + k) % nodes;
      if (capable.contains(i)) {
        next = i + 1;
        return i;
      }
    }
    throw new IllegalArgumentException("no capable node for " + task);
  }
}
