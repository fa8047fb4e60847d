package dev.mesh.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobViewTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static TaskRecord queued(String id) {
    return TaskRecord.queued(Task.accept(TaskRequest.generate("x"), id, "pi", T0));
  }

  @Test
  void countsCancelledTasksApartAndAJobOfEndedTasksHasEnded() {
    Job job = Job.of("j-1", "feed", "pi", T0, List.of("t-1", "t-2", "t-3"), null);
    TaskRecord ok = queued("t-1").succeeded(TaskResult.generated("y", new Usage(1, 1), null, "pi", "m", false), T0);
    TaskRecord bad = queued("t-2").failed(ApiError.of(ErrorCodes.INTERNAL, "boom"), T0);
    TaskRecord stopped = queued("t-3").running("pi", T0).cancelled("pi", "DELETE /v1/tasks/t-3", T0);

    ObjectNode view = JobView.of(job, List.of(ok, bad, stopped));

    assertThat(view.path("done").asInt()).isEqualTo(1);
    assertThat(view.path("failed").asInt()).isEqualTo(1);
    assertThat(view.path("cancelled").asInt()).isEqualTo(1);
    assertThat(view.path("running").asInt()).isZero();
    assertThat(view.path("ended").asBoolean()).isTrue();
    assertThat(view.path("results").get(2).path("state").asText()).isEqualTo("cancelled");
    assertThat(view.path("results").get(2).path("error").path("code").asText()).isEqualTo(ErrorCodes.CANCELLED);
  }

  @Test
  void aJobWithATaskStillRunningHasNotEnded() {
    Job job = Job.of("j-2", "feed", "pi", T0, List.of("t-1", "t-2"), null);
    TaskRecord stopped = queued("t-1").cancelled("pi", "client went away", T0);
    TaskRecord running = queued("t-2").running("pi", T0);

    ObjectNode view = JobView.of(job, List.of(stopped, running));

    assertThat(view.path("cancelled").asInt()).isEqualTo(1);
    assertThat(view.path("running").asInt()).isEqualTo(1);
    assertThat(view.path("ended").asBoolean()).isFalse();
  }
}
