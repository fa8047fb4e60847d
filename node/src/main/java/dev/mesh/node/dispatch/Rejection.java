package dev.mesh.node.dispatch;

import dev.mesh.protocol.error.ApiError;

/** A request the node refuses, with the HTTP status and the error body the caller sees. */
public final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ApiError error;
  private final int status;

  public Rejection(int status, ApiError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.status = status;
    this.error = error;
  }

  public static Rejection badRequest(String code, String message, String field) {
    return new Rejection(400, new ApiError(code, message, field));
  }

  public static Rejection notFound(String message) {
    return new Rejection(404, new ApiError("not_found", message, null));
  }

  public static Rejection unavailable(String code, String message) {
    return new Rejection(503, new ApiError(code, message, null));
  }

  public ApiError error() {
    return error;
  }

  public int status() {
    return status;
  }
}
