package dev.mesh.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationExceptionTest {
  @Test
  void toApiErrorIsTheFirstErrorWithItsOwnCode() {
    ValidationException e = new ValidationException(List.of(
        FieldError.missing("prompt", "prompt is required for kind generate"),
        FieldError.invalid("params.topP", "params.topP must be greater than 0")));
    assertThat(e.toApiError()).isEqualTo(
        new ApiError(ErrorCodes.MISSING_FIELD, "prompt is required for kind generate", "prompt"));
    assertThat(e.getMessage()).contains("prompt is required").contains("params.topP");
  }

  @Test
  void twoArgumentFieldErrorIsInvalidField() {
    assertThat(new FieldError("x", "x is wrong").code()).isEqualTo(ErrorCodes.INVALID_FIELD);
  }

  @Test
  void wrapsAnApiErrorUnchanged() {
    ApiError error = ApiError.of(ErrorCodes.UNKNOWN_KIND, "unknown kind 'x'", "kind");
    assertThat(new ValidationException(error).toApiError()).isEqualTo(error);
  }

  @Test
  void refusesToBeBuiltWithoutErrors() {
    assertThatThrownBy(() -> new ValidationException(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapsEveryCodeToItsHttpStatus() {
    assertThat(ErrorCodes.httpStatus(ErrorCodes.INVALID_FIELD)).isEqualTo(400);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.NOT_FOUND)).isEqualTo(404);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.METHOD_NOT_ALLOWED)).isEqualTo(405);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.BODY_TOO_LARGE)).isEqualTo(413);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.NO_MODEL)).isEqualTo(400);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.QUEUE_FULL)).isEqualTo(503);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.DEADLINE_EXCEEDED)).isEqualTo(504);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.INTERNAL)).isEqualTo(500);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.UNAUTHORIZED)).isEqualTo(401);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.FORBIDDEN)).isEqualTo(403);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.REPLAYED_DELIVERY)).isEqualTo(409);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.MAPPING_FAILED)).isEqualTo(400);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.UNSUPPORTED_MEDIA_TYPE)).isEqualTo(415);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.OUTPUT_INVALID)).isEqualTo(502);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.REMOTE_REJECTED)).isEqualTo(502);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.TASK_ENDED)).isEqualTo(409);
    assertThat(ErrorCodes.httpStatus(ErrorCodes.CANCELLED)).isEqualTo(409);
    assertThat(ErrorCodes.ALL).hasSize(29).allSatisfy(c -> assertThat(c).matches("[a-z_]+"));
  }
}
