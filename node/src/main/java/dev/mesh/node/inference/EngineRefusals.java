package dev.mesh.node.inference;

import dev.mesh.node.engine.EngineException;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;

/** A task's error for a request the engine refused, by the engine's code: the caller's part named where it is one. */
public final class EngineRefusals {
  private EngineRefusals() {}

  public static ApiError error(EngineException refused) {
    return switch (refused.code()) {
      case "context_exceeded", "input_too_long" -> ApiError.of(ErrorCodes.PROMPT_TOO_LONG, refused.getMessage());
      // llama.cpp could not turn the schema into a grammar (its converter is stricter than JSON Schema)
      case "invalid_constraint" -> ApiError.of(ErrorCodes.INVALID_FIELD, "schema: " + refused.getMessage(), "schema");
      default -> ApiError.of(ErrorCodes.INTERNAL, "engine " + refused.code() + ": " + refused.getMessage());
    };
  }
}
