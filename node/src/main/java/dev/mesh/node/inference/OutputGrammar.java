package dev.mesh.node.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.engine.Constraint;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskRequest;
import java.util.stream.Collectors;

/**
 * What a task's output is held to while it is decoded: classify to exactly one label, score to
 * {@code {"score": n}} with n in range, a schema task to its JSON Schema. The model can write nothing else, so no
 * answer is ever guessed from free text.
 */
public final class OutputGrammar {
  private OutputGrammar() {}

  public static Constraint of(TaskRequest req) {
    if (req.constrainedToSchema()) {
      return new Constraint.JsonSchema(req.schema());
    }
    return switch (req.kind()) {
      case CLASSIFY -> new Constraint.Grammar(labels(req));
      case SCORE -> new Constraint.JsonSchema(scoreSchema(req.scoringOrDefaults()));
      default -> Constraint.NONE;
    };
  }

  /** {@code root ::= "spam" | "ham"}: the labels exactly as the caller wrote them. */
  static String labels(TaskRequest req) {
    return "root ::= " + req.labels().stream().map(OutputGrammar::literal).collect(Collectors.joining(" | "));
  }

  /** The score's shape as a JSON Schema; llama.cpp's converter turns the integer range into a grammar. */
  static JsonNode scoreSchema(Scoring s) {
    ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("score").put("type", "integer").put("minimum", s.minOrDefault())
        .put("maximum", s.maxOrDefault());
    var required = schema.putArray("required").add("score");
    if (s.reasonOrDefault()) {
      properties.putObject("reason").put("type", "string").put("maxLength", Scoring.REASON_MAX_CHARS);
      required.add("reason");
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  /** A GBNF string literal: quotes, backslashes and control characters escaped. */
  static String literal(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F) {
            out.append(String.format("\\x%02X", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }
}
