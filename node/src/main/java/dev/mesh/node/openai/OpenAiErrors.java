package dev.mesh.node.openai;

import dev.mesh.node.compat.JsonBody;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors of the OpenAI-compatible endpoints: mesh's own {@code {"error":{"code","message","field"}}} with
 * OpenAI's {@code type} and {@code param} beside them, so OpenAI clients show the message and mesh clients
 * still switch on {@code code}. Field names are OpenAI's ({@code max_tokens}, not {@code params.maxTokens}).
 */
final class OpenAiErrors {
  private static final Map<String, String> FIELDS = Map.of(
      "params.maxTokens", "max_tokens",
      "params.temperature", "temperature",
      "params.topP", "top_p",
      "params.stop", "stop",
      "params.seed", "seed",
      "requirements.model", "model");

  private OpenAiErrors() {}

  /** The status and body for a failure; null status means unexpected (the caller logs it, answers 500). */
  static ApiError of(Throwable failure) {
    ApiError refusal = JsonBody.refusal(failure);
    return refusal == null ? null : translate(refusal);
  }

  static ApiError translate(ApiError e) {
    String field = e.field() == null ? null : FIELDS.getOrDefault(e.field(), e.field());
    String message = e.message();
    for (Map.Entry<String, String> f : FIELDS.entrySet()) {
      message = message.replace(f.getKey(), f.getValue());
    }
    return new ApiError(e.code(), message, field);
  }

  static Map<String, Object> body(ApiError e) {
    int status = ErrorCodes.httpStatus(e.code());
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code());
    error.put("message", e.message());
    if (e.field() != null) {
      error.put("field", e.field());
    }
    error.put("type", status == 401 ? "authentication_error" : status < 500 ? "invalid_request_error" : "server_error");
    error.put("param", e.field());
    return Map.of("error", error);
  }
}
