package dev.mesh.bench.placement;

import java.util.List;
import java.util.Map;

/**
 * The shortest makespan any placement could reach when each node runs its tasks one after another at the measured
 * per-task times: every split of each kind's count over the nodes that serve it is tried (exact, small inputs only).
 * It leaves out what no policy can save — the entry's own bookkeeping and the hops — so it is a lower bound.
 */
final class MakespanBound {
  private final List<String> kinds;
  private final int[] counts;
  /** seconds[node][kind]; NaN: the node does not run that kind. */
  private final double[][] seconds;
  private double best = Double.POSITIVE_INFINITY;

  /** @param perTask per node, per kind: its median run time; a kind missing from a node's map: it can't run it */
  MakespanBound(Map<String, Integer> countsByKind, List<Map<String, Double>> perTask) {
    this.kinds = List.copyOf(countsByKind.keySet());
    this.counts = kinds.stream().mapToInt(countsByKind::get).toArray();
    this.seconds = new double[perTask.size()][kinds.size()];
    for (int n = 0; n < perTask.size(); n++) {
      for (int k = 0; k < kinds.size(); k++) {
        seconds[n][k] = perTask.get(n).getOrDefault(kinds.get(k), Double.NaN);
      }
    }
  }

  double seconds() {
    best = Double.POSITIVE_INFINITY;
    place(0, new double[seconds.length]);
    return best;
  }

  /** Splits kind k over the nodes (then the next kind), pruning any branch already no better than the best. */
  private void place(int k, double[] load) {
    double worst = max(load);
    if (worst >= best) {
      return;
    }
    if (k == kinds.size()) {
      best = worst;
      return;
    }
    split(k, 0, counts[k], load);
  }

  private void split(int k, int node, int left, double[] load) {
    if (node == seconds.length - 1 || left == 0) {
      if (left > 0 && Double.isNaN(seconds[node][k])) {
        return;
      }
      double before = load[node];
      load[node] += left == 0 ? 0 : left * seconds[node][k];
      place(k + 1, load);
      load[node] = before;
      return;
    }
    int most = Double.isNaN(seconds[node][k]) ? 0 : left;
    for (int here = most; here >= 0; here--) {
      double before = load[node];
      load[node] += here * (here == 0 ? 0 : seconds[node][k]);
      if (load[node] < best) {
        split(k, node + 1, left - here, load);
      }
      load[node] = before;
    }
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
