package dev.mesh.protocol.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.task.TaskKind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Translates Jackson's exceptions into field-path {@link ValidationException}s a client can act on. */
final class JsonFailures {
  private JsonFailures() {}

  /** The text isn't JSON: say where, since the client must find the typo. */
  static ValidationException malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    // The only databind failure while reading a tree is content after the document.
    String what = e instanceof MismatchedInputException
        ? "unexpected content after the end of the JSON object" : e.getOriginalMessage();
    return ValidationException.of(ErrorCodes.INVALID_JSON, "malformed JSON" + where + ": " + what, null);
  }

  /** The JSON is fine but a value doesn't fit its field. */
  static ValidationException binding(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m)) {
      String path = parserPath(e);
      return ValidationException.of(ErrorCodes.INVALID_FIELD,
          (path.isEmpty() ? "the document" : path) + ": " + e.getOriginalMessage(), emptyToNull(path));
    }
    String path = path(m.getPath());
    String field = emptyToNull(path);
    String subject = path.isEmpty() ? "the document" : path;
    if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      Class<?> target = mi.getTargetType();
      String got = got(mi);
      if (target == TaskKind.class) {
        return ValidationException.of(ErrorCodes.UNKNOWN_KIND,
            "unknown kind" + (got.isEmpty() ? "" : " " + got) + "; expected one of " + TaskKind.WIRE_NAMES, field);
      }
      String message = target.isEnum()
          ? subject + ": expected one of " + enumNames(target)
          : subject + ": expected " + expected(target);
      return ValidationException.of(ErrorCodes.INVALID_FIELD, message + (got.isEmpty() ? "" : ", got " + got), field);
    }
    if (m instanceof ValueInstantiationException && m.getCause() != null) {
      return ValidationException.of(ErrorCodes.INVALID_FIELD, subject + ": " + m.getCause().getMessage(), field);
    }
    return ValidationException.of(ErrorCodes.INVALID_FIELD, subject + ": " + m.getOriginalMessage(), field);
  }

  /** {@code params.stop[1]} from Jackson's reference chain. */
  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return out.toString();
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "an object";
    };
  }

  private static String expected(Class<?> target) {
    if (target == Integer.class || target == int.class || target == Long.class || target == long.class
        || target == Short.class || target == short.class || target == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
      return "a number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "a boolean (true or false)";
    }
    if (target == String.class) {
      return "a string";
    }
    if (target == Instant.class) {
      return "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "an array";
    }
    return "an object";
  }

  // What the client actually sent, from the exception or the parser's current token.
  private static String got(MismatchedInputException e) {
    if (e instanceof InvalidFormatException f && f.getValue() != null) {
      return f.getValue() instanceof String s ? "'" + s + "'" : String.valueOf(f.getValue());
    }
    if (!(e.getProcessor() instanceof JsonParser p) || p.currentToken() == null) {
      return "";
    }
    JsonToken t = p.currentToken();
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> "";
    };
  }

  private static String enumNames(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  // Numeric overflow is reported by the parser, not databind: take the path from its context.
  private static String parserPath(JsonProcessingException e) {
    return e.getProcessor() instanceof JsonParser p ? contextPath(p) : "";
  }

  /** Where the parser is, as a field path: {@code messages[0].content}; empty at the top. */
  static String contextPath(JsonParser p) {
    Deque<String> steps = new ArrayDeque<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        steps.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        steps.push("." + c.getCurrentName());
      }
    }
    String path = String.join("", steps);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
