package dev.mesh.protocol.error;

import java.util.List;
import java.util.stream.Collectors;

/** A request (or document) was refused; carries every problem found, the first one leading. */
public final class ValidationException extends RuntimeException {
  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  public ValidationException(ApiError error) {
    this(List.of(new FieldError(error.field(), error.message(), error.code())));
  }

  public static ValidationException of(String code, String message, String field) {
    return new ValidationException(new ApiError(code, message, field));
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The first problem as the API answers it (code invalid_field, missing_field, ...). */
  public ApiError toApiError() {
    return errors.get(0).toApiError();
  }

  private static String describe(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ValidationException needs at least one error");
    }
    return errors.stream().map(FieldError::message).collect(Collectors.joining("; "));
  }
}
