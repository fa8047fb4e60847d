package dev.mesh.node.accuracy;

import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
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
    EstimateCheck.of(r).filter(EstimateCheck::countable)
        .ifPresent(c -> record(r.result().model(), c.estimateSeconds(), c.actualSeconds()));
  }

  /** The same figures over these tasks, wherever they ran (the ones routed with an estimate). */
  public static ErrorSummary over(java.util.Collection<TaskRecord> records) {
    java.util.List<EstimateCheck> checks = records.stream().map(EstimateCheck::of).flatMap(java.util.Optional::stream)
        .filter(EstimateCheck::countable).toList();
    if (checks.isEmpty()) {
      return ErrorSummary.NONE;
    }
    ErrorWindow window = new ErrorWindow(checks.size());
    checks.forEach(c -> window.add(c.estimateSeconds(), c.actualSeconds()));
    return window.summary();
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
}
