package dev.mesh.node.accuracy;

import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per model this node ran: routing's estimate for each task it finished here against the time the task really took
 * from that decision to its result. The estimate is the last {@code routed} hop's (the decision that sent it here);
 * a task that ran without one (a folder claim, a restart) is not counted.
 */
public final class EstimateAccuracy {
  /** Tasks per model the figures are over: enough for a p90, few enough to follow a change of load. */
  public static final int WINDOW_TASKS = 256;

  private final String nodeName;
  private final Map<String, ErrorWindow> byModel = new TreeMap<>();

  public EstimateAccuracy(String nodeName) {
    this.nodeName = nodeName;
  }

  /** A change this node made: counted when it is a task this node finished. */
  public void observe(TaskRecord r) {
    if (r.state() != TaskState.SUCCEEDED || r.result() == null || !nodeName.equals(r.result().executedBy())) {
      return;
    }
    Hop routed = lastRouted(r);
    if (routed == null || routed.estimatedSeconds() == null || routed.at() == null || r.updatedAt() == null) {
      return;
    }
    double actual = Duration.between(routed.at(), r.updatedAt()).toNanos() / 1e9;
    if (actual > 0 && Double.isFinite(routed.estimatedSeconds())) {
      record(r.result().model(), routed.estimatedSeconds(), actual);
    }
  }

  synchronized void record(String model, double estimateSeconds, double actualSeconds) {
    byModel.computeIfAbsent(model == null ? "?" : model, m -> new ErrorWindow(WINDOW_TASKS))
        .add(estimateSeconds, actualSeconds);
  }

  /** Per model, the figures over its latest tasks; safe from any thread. */
  public synchronized Map<String, ErrorSummary> byModel() {
    Map<String, ErrorSummary> out = new TreeMap<>();
    byModel.forEach((model, window) -> out.put(model, window.summary()));
    return out;
  }

  private static Hop lastRouted(TaskRecord record) {
    Hop routed = null;
    for (Hop hop : record.hops()) {
      routed = hop.is(HopEvent.ROUTED) ? hop : routed;
    }
    return routed;
  }
}
