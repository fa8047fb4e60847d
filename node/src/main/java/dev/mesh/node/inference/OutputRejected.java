package dev.mesh.node.inference;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;

/** A generation whose output does not hold what its task asked: the task fails with {@code output_invalid}. */
public final class OutputRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutputRejected(String message) {
    super(message);
  }

  public ApiError error() {
    return ApiError.of(ErrorCodes.OUTPUT_INVALID, getMessage());
  }
}
