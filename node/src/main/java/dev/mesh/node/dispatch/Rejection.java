package dev.mesh.node.dispatch;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;

/** A request the node refuses: the error body the caller sees, with the HTTP status its code maps to. */
public class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiError error;

  public Rejection(ApiError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  public static Rejection of(String code, String message, String field) {
    return new Rejection(ApiError.of(code, message, field));
  }

  public static Rejection notFound(String message) {
    return of(ErrorCodes.NOT_FOUND, message, null);
  }

  public ApiError error() {
    return error;
  }

  /** One table for every endpoint: {@link ErrorCodes#httpStatus}. */
  public int status() {
    return ErrorCodes.httpStatus(error.code());
  }
}
