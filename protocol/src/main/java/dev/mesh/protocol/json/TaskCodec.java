package dev.mesh.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.task.TaskRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads and writes the mesh's JSON documents (task requests, task records, node adverts, error
 * envelopes). Decoding never lets a Jackson exception escape: every failure becomes a
 * {@link ValidationException} whose field is the JSON path ({@code params.maxTokens}).
 * Decoding is two steps — parse to a tree, then bind — so the document's shape and
 * {@code "schema"} are checked before any field is.
 */
public final class TaskCodec {
  private static final ObjectMapper MAPPER = MeshJson.mapper();

  private TaskCodec() {}

  public static TaskRequest decodeRequest(String json) {
    return decode(json, TaskRequest.class);
  }

  public static TaskRequest decodeRequest(byte[] json) {
    return decode(json, TaskRequest.class);
  }

  public static <T> T decode(String json, Class<T> type) {
    return decode(json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
  }

  public static <T> T decode(byte[] json, Class<T> type) {
    if (json == null) {
      throw empty();
    }
    StrictUtf8.check(json, "body");
    try {
      return bind(MAPPER.readTree(json), type);
    } catch (JsonProcessingException e) {
      throw JsonFailures.malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // unreachable: reading from memory
    }
  }

  public static String encode(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static byte[] encodeBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** {@code {"error":{"code":..,"message":..,"field":..}}}, the body of every error response. */
  public static String encodeError(ApiError error) {
    return encode(Map.of("error", error));
  }

  public static ApiError decodeError(String json) {
    return decode(json, ErrorEnvelope.class).error();
  }

  /** The error response body; package-private because callers deal in {@link ApiError}. */
  record ErrorEnvelope(ApiError error) {
    ErrorEnvelope {
      if (error == null) {
        throw new IllegalArgumentException("error is required");
      }
    }
  }

  private static <T> T bind(JsonNode tree, Class<T> type) {
    checkShape(tree);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw JsonFailures.binding(e);
    }
  }

  private static void checkShape(JsonNode tree) {
    if (tree == null || tree.isMissingNode()) {
      throw empty();
    }
    if (!tree.isObject()) {
      throw ValidationException.of(ErrorCodes.INVALID_JSON,
          "expected a JSON object at the top level, got " + JsonFailures.describe(tree), null);
    }
    JsonNode schema = tree.get("schema");
    if (schema != null && !(schema.isIntegralNumber() && schema.asLong() == MeshJson.SCHEMA_VERSION)) {
      throw ValidationException.of(ErrorCodes.UNSUPPORTED_SCHEMA,
          "schema " + schema + " is not supported; this node reads schema " + MeshJson.SCHEMA_VERSION, "schema");
    }
  }

  private static ValidationException empty() {
    return ValidationException.of(ErrorCodes.INVALID_JSON, "the body is empty; expected a JSON object", null);
  }
}
