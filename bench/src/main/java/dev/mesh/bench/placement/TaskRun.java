package dev.mesh.bench.placement;

import dev.mesh.node.accuracy.EstimateCheck;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.TaskRecord;
import java.util.Optional;

/**
 * One finished task as its record tells it: the node and kind, its engine-side run time (queue excluded), and the
 * entry's routing estimate against the time from that decision to the result (estimate null when not routed), and
 * whether a node it waited at moved it on (routed more than once: the router's late binding); when it started and
 * ended (epoch seconds), for the time its node spent between tasks.
 */
record TaskRun(String node, String kind, double runSeconds, Double estimateSeconds, double actualSeconds,
    boolean moved, double startedAt, double endedAt) {

  static TaskRun of(TaskRecord r) {
    var t = r.result().timings();
    Hop started = null;
    int decisions = 0;
    for (Hop h : r.hops()) {
      started = h.is(HopEvent.STARTED) ? h : started;
      decisions += h.is(HopEvent.ROUTED) ? 1 : 0;
    }
    Optional<EstimateCheck> check = EstimateCheck.of(r);
    return new TaskRun(r.result().executedBy(), r.task().request().kind().wire(), (t.totalMs() - t.queuedMs()) / 1000.0,
        check.map(EstimateCheck::estimateSeconds).orElse(null),
        check.map(EstimateCheck::actualSeconds).orElse(Double.NaN), decisions > 1,
        started == null ? Double.NaN : epochSeconds(started.at()), epochSeconds(r.updatedAt()));
  }

  private static double epochSeconds(java.time.Instant at) {
    return at.getEpochSecond() + at.getNano() / 1e9;
  }

  /** (estimate − actual) / actual; NaN without an estimate. */
  double relativeError() {
    return estimateSeconds == null || !(actualSeconds > 0) ? Double.NaN
        : (estimateSeconds - actualSeconds) / actualSeconds;
  }
}
