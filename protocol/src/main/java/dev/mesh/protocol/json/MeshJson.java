package dev.mesh.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * The shared Jackson configuration, so every node and tool writes the same JSON: ISO-8601
 * instants, no nulls, lowercase enums (each enum's {@code @JsonValue}), unknown fields
 * tolerated (newer peers may add some), and strict everywhere else.
 */
public final class MeshJson {
  /** Version of the documents we write ({@code "schema":1}); readers refuse any other. */
  public static final int SCHEMA_VERSION = dev.mesh.protocol.Schema.VERSION;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      // Added after JavaTimeModule so it takes precedence for Instant.
      .addModule(new SimpleModule("mesh-strict-instant")
          .addDeserializer(Instant.class, new StrictInstantDeserializer()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      // "kind": 0 must not silently mean the first enum constant.
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      // "maxTokens": 1.5, "12" or "prompt": 42 is a client bug worth reporting, not something to guess at.
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, text -> text
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      // A repeated key could smuggle a second value past a signature check: refuse it.
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .defaultPropertyInclusion(
          JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
      .build();

  private MeshJson() {}

  /** The shared, thread-safe mapper. Never reconfigure it; call {@code copy()} for a variant. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
