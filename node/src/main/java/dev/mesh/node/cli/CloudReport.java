package dev.mesh.node.cli;

import dev.mesh.protocol.task.Degraded;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.TaskState;
import java.io.PrintStream;
import java.util.List;

/** What the demo prints of its cloud run: a line per editorial draft as it ends, then the tally and its verdict. */
final class CloudReport {
  private final PrintStream out;

  CloudReport(PrintStream out) {
    this.out = out;
  }

  void note(String line) {
    out.println(line);
  }

  /** Prints the task's line; returns it so the run can keep it. */
  CloudTask ended(CloudTask task) {
    out.println(line(task));
    return task;
  }

  /** Phase, kind, node and model that ran it, actual time, and what happened: served, or degraded with its label. */
  static String line(CloudTask task) {
    TaskRecord record = task.record();
    String kind = record.task().request().kind().wire();
    if (record.state() != TaskState.SUCCEEDED) {
      return String.format("  %-4s  %-8s  %s: %s", task.phase().label(), kind, record.state().wire(),
          record.error() == null ? "?" : record.error().code() + ": " + record.error().message());
    }
    TaskResult result = record.result();
    Degraded d = result.degraded();
    String what = d != null ? "degraded: wanted " + d.wanted() + ", used " + d.used() + ", reason: " + d.reason()
        : HouseholdCloud.MODEL.equals(result.model()) ? "served by the cloud"
        : "served by " + result.model() + ", not labelled degraded";
    return String.format("  %-4s  %-8s  %-8s  %-12s  actual %5.2f s  %s", task.phase().label(), kind,
        result.executedBy(), result.model(), result.timings().totalMs() / 1000.0, what);
  }

  /**
   * Prints the tally and each task that did not end as its phase says; true when every one did — served, then
   * degraded and labelled while the cloud was down, then served again.
   */
  boolean verdict(List<CloudTask> tasks) {
    out.printf("cloud: %d served, %d degraded while it was down (labelled), %d served after it came back%n",
        behaved(tasks, CloudPhase.UP), behaved(tasks, CloudPhase.DOWN), behaved(tasks, CloudPhase.BACK));
    List<CloudTask> odd = tasks.stream().filter(t -> !t.behaved()).toList();
    odd.forEach(t -> out.println("  not as it should be (" + t.phase().expected() + "):" + line(t)));
    return !tasks.isEmpty() && odd.isEmpty();
  }

  private static long behaved(List<CloudTask> tasks, CloudPhase phase) {
    return tasks.stream().filter(t -> t.phase() == phase && t.behaved()).count();
  }
}
