package dev.mesh.node.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EstimateAccuracyTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private final EstimateAccuracy accuracy = new EstimateAccuracy("pi");

  @Test
  void comparesTheLastRoutingEstimateWithTheTimeFromThatDecisionToTheResult() {
    TaskRecord first = queued().routed(Hop.routed("pi", T0, "est 5 s", 5.0, null));
    // routed again 1 s later (say its first node went away): that decision sent it here, 2 s before it ended
    TaskRecord again = first.routed(Hop.routed("pi", T0.plusSeconds(1), "est 0.5 s", 0.5, null));
    accuracy.observe(again.succeeded(result("pi", "light"), T0.plusSeconds(3)));
    ErrorSummary s = accuracy.byModel().get("light");
    assertThat(s.tasks()).isEqualTo(1);
    assertThat(s.bias()).isCloseTo((0.5 - 2.0) / 2.0, within(1e-9));
  }

  @Test
  void countsOnlyTasksThisNodeFinishedPerModel() {
    TaskRecord routed = queued().routed(Hop.routed("pi", T0, "est 1 s", 1.0, null));
    accuracy.observe(routed.succeeded(result("macmini", "light"), T0.plusSeconds(1))); // ran elsewhere
    accuracy.observe(routed); // not ended
    accuracy.observe(queued().succeeded(result("pi", "light"), T0.plusSeconds(1))); // never routed: no estimate
    assertThat(accuracy.byModel()).isEmpty();
    accuracy.observe(routed.succeeded(result("pi", "writer"), T0.plusSeconds(1)));
    assertThat(accuracy.byModel()).containsOnlyKeys("writer");
  }

  /** The demo's summary: the same figures over finished tasks wherever they ran, the unrouted ones left out. */
  @Test
  void summarisesTasksWhereverTheyRan() {
    TaskRecord routed = queued().routed(Hop.routed("pi", T0, "est 1 s", 1.0, null));
    ErrorSummary s = EstimateAccuracy.over(java.util.List.of(
        routed.succeeded(result("macmini", "light"), T0.plusSeconds(2)), // promised 1 s, took 2 s: -0.5
        routed.succeeded(result("pi", "writer"), T0.plusMillis(500)), // promised 1 s, took 0.5 s: +1.0
        queued().succeeded(result("pi", "light"), T0.plusSeconds(1)))); // never routed
    assertThat(s.tasks()).isEqualTo(2);
    assertThat(s.medianError()).isCloseTo(0.5, within(1e-9));
    assertThat(s.p90Error()).isCloseTo(1.0, within(1e-9));
    assertThat(s.bias()).isCloseTo(-0.5, within(1e-9));
    assertThat(EstimateAccuracy.over(java.util.List.of())).isEqualTo(ErrorSummary.NONE);
  }

  private static TaskResult result(String node, String model) {
    return TaskResult.generated("text", new Usage(4, 8), new Timings(0, 50, 200, 250, 80.0, 40.0), node, model, true);
  }

  private static TaskRecord queued() {
    return TaskRecord.queued(Task.accept(TaskRequest.generate("Tell a story"), "t-aaaaaaaa-0000000001", "pi", T0));
  }
}
