package dev.mesh.protocol.error;

import java.util.Objects;

/**
 * One problem with a request. {@code field} is the path as written in the JSON
 * ({@code params.temperature}, {@code messages[2].role}), or null when the problem is the
 * whole document; {@code message} is a full sentence that names the field itself.
 */
public record FieldError(String field, String message, String code) {
  public FieldError {
    Objects.requireNonNull(message, "message must not be null");
    Objects.requireNonNull(code, "code must not be null");
  }

  /** An {@code invalid_field} error: the field is present but its value is wrong. */
  public FieldError(String field, String message) {
    this(field, message, ErrorCodes.INVALID_FIELD);
  }

  public static FieldError invalid(String field, String message) {
    return new FieldError(field, message, ErrorCodes.INVALID_FIELD);
  }

  public static FieldError missing(String field, String message) {
    return new FieldError(field, message, ErrorCodes.MISSING_FIELD);
  }

  public ApiError toApiError() {
    return new ApiError(code, message, field);
  }
}
