package dev.mesh.bench.routing;

import dev.mesh.protocol.routing.RouteRequest;
import java.util.Comparator;
import java.util.List;

/** Baseline: the capable node with the fewest tasks queued or running (ties: the first). */
final class LeastBusy implements Policy {
  @Override
  public String name() {
    return "least-busy";
  }

  @Override
  public int choose(RouteRequest task, List<Integer> capable, List<NodeLoad> loads) {
    return capable.stream().min(Comparator.comparingInt((Integer i) -> loads.get(i).tasks()))
        .orElseThrow(() -> new IllegalArgumentException("no capable node for " + task));
  }
}
