package dev.mesh.protocol.error;

import java.util.Objects;

/**
 * An error as a caller sees it. On the wire it sits inside an envelope:
 * {@code {"error":{"code":"...","message":"...","field":"..."}}} (field omitted when null);
 * use {@code TaskCodec.encodeError} to write that envelope.
 */
public record ApiError(String code, String message, String field) {
  public ApiError {
    Objects.requireNonNull(code, "code must not be null");
    Objects.requireNonNull(message, "message must not be null");
  }

  public static ApiError of(String code, String message) {
    return new ApiError(code, message, null);
  }

  public static ApiError of(String code, String message, String field) {
    return new ApiError(code, message, field);
  }
}
