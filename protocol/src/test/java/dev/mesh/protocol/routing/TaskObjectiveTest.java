package dev.mesh.protocol.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskValidator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskObjectiveTest {
  @Test
  void aTasksOwnObjectiveOverridesTheNodeDefault() {
    TaskRequest req = TaskCodec.decodeRequest(
        "{\"kind\":\"embed\",\"input\":\"x\",\"requirements\":{\"objective\":\"greenest\"}}");
    assertThat(RouteRequest.of(req, Objective.FASTEST).objective()).isEqualTo(Objective.GREENEST);
  }

  @Test
  void withoutOneTheNodeDefaultApplies() {
    TaskRequest req = TaskCodec.decodeRequest("{\"kind\":\"embed\",\"input\":\"x\"}");
    assertThat(RouteRequest.of(req, Objective.BALANCED).objective()).isEqualTo(Objective.BALANCED);
  }

  @Test
  void anUnknownObjectiveIsRefusedNamingTheField() {
    TaskRequest req = TaskCodec.decodeRequest(
        "{\"kind\":\"embed\",\"input\":\"x\",\"requirements\":{\"objective\":\"cheapest\"}}");
    assertThatThrownBy(() -> TaskValidator.validate(req, TaskValidator.Limits.defaults(), Instant.now()))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.toApiError().field()).isEqualTo("requirements.objective"));
  }

  @Test
  void waitForNodeIsReadFromRequirements() {
    TaskRequest req = TaskCodec.decodeRequest(
        "{\"kind\":\"embed\",\"input\":\"x\",\"requirements\":{\"waitForNode\":true}}");
    assertThat(req.requirementsOrNone().waitForNode()).isTrue();
  }
}
