package dev.mesh.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.Degraded;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's own check on its cloud run: it passes only for served, then degraded and labelled, then served again. */
class CloudReportTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static final Degraded OUT = new Degraded(HouseholdCloud.MODEL, "writer", "remote cloud is out (unreachable)");
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final CloudReport report = new CloudReport(new PrintStream(printed, true, StandardCharsets.UTF_8));

  @Test
  void passesWhenTheCloudServesThenATaskDegradesLabelledThenTheCloudServesAgain() {
    assertThat(report.verdict(List.of(byCloud(CloudPhase.UP), degraded(OUT), byCloud(CloudPhase.BACK)))).isTrue();
    assertThat(printed()).isEqualTo(
        "cloud: 1 served, 1 degraded while it was down (labelled), 1 served after it came back\n");
  }

  @Test
  void failsWhenATaskRanOnAHouseholdModelWhileTheCloudWasDownWithoutTheLabel() {
    CloudTask unlabelled = new CloudTask(CloudPhase.DOWN, succeeded("macmini", "writer", null));
    assertThat(report.verdict(List.of(byCloud(CloudPhase.UP), unlabelled, byCloud(CloudPhase.BACK)))).isFalse();
    assertThat(printed()).contains("0 degraded while it was down")
        .contains("not as it should be (degraded to a household model, labelled):")
        .contains("served by writer, not labelled degraded");
  }

  @Test
  void failsWhenTheCloudServedWhileItWasDownOrADraftDegradedOnceItWasBack() {
    assertThat(report.verdict(List.of(new CloudTask(CloudPhase.DOWN, succeeded("macmini", HouseholdCloud.MODEL, null)))))
        .isFalse();
    assertThat(report.verdict(List.of(new CloudTask(CloudPhase.BACK, succeeded("macmini", "writer", OUT))))).isFalse();
  }

  @Test
  void failsWhenADraftFailedOrNoneRan() {
    TaskRecord failed = queued().failed(ApiError.of(ErrorCodes.INTERNAL, "boom"), T0.plusSeconds(1));
    assertThat(report.verdict(List.of(new CloudTask(CloudPhase.UP, failed)))).isFalse();
    assertThat(printed()).contains("  up    generate  failed: internal: boom");
    assertThat(report.verdict(List.of())).isFalse();
  }

  @Test
  void aDegradedLineNamesWhatItWantedWhatItUsedAndWhy() {
    assertThat(CloudReport.line(degraded(OUT))).isEqualTo("  down  generate  macmini   writer        actual  0.25 s"
        + "  degraded: wanted cloud-writer, used writer, reason: remote cloud is out (unreachable)");
  }

  private static CloudTask byCloud(CloudPhase phase) {
    return new CloudTask(phase, succeeded("macmini", HouseholdCloud.MODEL, null));
  }

  private static CloudTask degraded(Degraded label) {
    return new CloudTask(CloudPhase.DOWN, succeeded("macmini", label.used(), label));
  }

  private static TaskRecord succeeded(String node, String model, Degraded label) {
    TaskResult result = TaskResult.generated("text", new Usage(4, 8), new Timings(0, 50, 200, 250, 80.0, 40.0), node,
        model, true);
    return queued().succeeded(label == null ? result : result.withDegraded(label), T0.plusSeconds(1));
  }

  private static TaskRecord queued() {
    return TaskRecord.queued(Task.accept(TaskRequest.generate("Polish this"), "t-aaaaaaaa-0000000001", "pi", T0));
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }
}
