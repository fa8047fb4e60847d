package dev.mesh.protocol.routing;

import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;

/** Seconds and joules (null: watts unknown) for one eligible model on one node, before scoring. */
record Estimate(String nodeId, String nodeName, String modelId, double backlogSeconds, double seconds, Double joules) {

  /** A remote failing half its calls costs about twice its time: a failed call is tried again elsewhere. */
  static final double MAX_ERROR_RATE = 0.9;

  /**
   * Assumes the model passed {@link Exclusions#model}: its speeds are measured. A remote model waits behind its
   * remote's own backlog, not the node's engine work, and costs more the more of its calls fail. A local one waits
   * behind the node's work of its own class and above (a remote's backlog is not split by class: all of it counts).
   */
  static Estimate of(NodeAdvert node, ModelInfo m, RouteRequest r) {
    // A negative backlog is a node's rounding error, not free capacity.
    double backlog = Math.max(0, m.viaRemote() ? m.remote().backlogSeconds()
        : node.load().backlogSecondsFor(r.priority()));
    double decode = r.maxTokens() == 0 ? 0 : r.maxTokens() / m.decodeTokensPerSecond();
    // a task costs a node's fixed overhead too: on tiny tasks it is most of the time
    double overhead = Double.isFinite(node.load().taskOverheadSeconds()) ? Math.max(0, node.load().taskOverheadSeconds())
        : 0;
    // a model to be loaded first costs its load time
    double load = m.loaded() || !Double.isFinite(m.loadSeconds()) ? 0 : Math.max(0, m.loadSeconds());
    // what this model's tasks of the kind really took against that prediction (a grammar, say, costs more)
    double run = (r.promptTokens() / m.prefillTokensPerSecond() + decode) * m.factorFor(r.kind());
    double failing = m.viaRemote() && m.remote().errorRate() > 0 ? Math.min(m.remote().errorRate(), MAX_ERROR_RATE) : 0;
    double seconds = backlog + overhead + load + run / (1 - failing);
    double watts = node.power() == null ? 0 : node.power().busyWatts();
    Double joules = watts > 0 && Double.isFinite(watts * seconds) ? watts * seconds : null;
    return new Estimate(node.id(), node.name(), m.id(), backlog, seconds, joules);
  }

  /** False when speeds so small the time overflows: as good as unmeasured. */
  boolean finite() {
    return Double.isFinite(seconds);
  }
}
