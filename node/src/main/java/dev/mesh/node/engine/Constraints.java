package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import de.kherud.llama.InferenceParameters;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Puts a {@link Constraint} on a generation. A JSON Schema goes in as the completion's own {@code json_schema}
 * parameter, which llama.cpp converts inside its request handling: a schema its converter rejects then fails
 * this call. java-llama.cpp's static {@code jsonSchemaToGrammar} has no such guard — the converter's exception
 * crosses JNI and aborts the engine (measured) — and {@code InferenceParameters} has no setter for the
 * parameter, so it is put into the parameters' JSON map directly.
 */
final class Constraints {
  private static final Field PARAMETERS = parametersField();

  private Constraints() {
  }

  static void apply(InferenceParameters params, Constraint constraint) {
    if (constraint instanceof Constraint.Grammar g) {
      params.setGrammar(g.gbnf());
    } else if (constraint instanceof Constraint.JsonSchema s) {
      raw(params).put("json_schema", Wire.encode(s.schema()));
    }
  }

  /**
   * Runs a generation; llama.cpp refusing the request itself (a grammar or schema it cannot use: its error is a
   * JSON object of type {@code invalid_request_error}) becomes {@code invalid_constraint} instead of a llama error.
   */
  static <T> T refusedAsBadRequest(Supplier<T> generation) {
    try {
      return generation.get();
    } catch (RuntimeException e) {
      JsonNode error = parse(e.getMessage());
      if (e.getClass().getSimpleName().equals("LlamaException")
          && "invalid_request_error".equals(error.path("type").asText())) {
        throw new EngineException("invalid_constraint", error.path("message").asText(e.getMessage()));
      }
      throw e;
    }
  }

  private static JsonNode parse(String message) {
    try {
      return message == null ? Wire.JSON.missingNode() : Wire.JSON.readTree(message);
    } catch (java.io.IOException | RuntimeException e) {
      return Wire.JSON.missingNode();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> raw(InferenceParameters params) {
    try {
      return (Map<String, String>) PARAMETERS.get(params);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("java-llama.cpp's parameters map is not accessible", e);
    }
  }

  private static Field parametersField() {
    try {
      Field field = InferenceParameters.class.getSuperclass().getDeclaredField("parameters");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("java-llama.cpp changed: no parameters map on InferenceParameters", e);
    }
  }
}
