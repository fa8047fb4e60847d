package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.protocol.task.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/** How a {@link Prompt} and a {@link Constraint} travel to the engine: "prompt" or "messages"; "grammar" or "jsonSchema". */
final class RequestWire {
  private RequestWire() {
  }

  static ObjectNode put(ObjectNode msg, Prompt prompt) {
    if (prompt instanceof Prompt.Text t) {
      msg.put("prompt", t.text());
    } else if (prompt instanceof Prompt.Chat c) {
      ArrayNode messages = msg.putArray("messages");
      c.messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
    }
    return msg;
  }

  static ObjectNode put(ObjectNode msg, Constraint constraint) {
    if (constraint instanceof Constraint.Grammar g) {
      msg.put("grammar", g.gbnf());
    } else if (constraint instanceof Constraint.JsonSchema s) {
      msg.set("jsonSchema", s.schema());
    }
    return msg;
  }

  static Prompt prompt(JsonNode request) {
    JsonNode messages = request.get("messages");
    if (messages == null) {
      return Prompt.text(EngineOps.requiredText(request, "prompt"));
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("messages must be a non-empty array");
    }
    List<ChatMessage> list = new ArrayList<>();
    for (JsonNode m : messages) {
      list.add(new ChatMessage(EngineOps.requiredText(m, "role"), EngineOps.requiredText(m, "content")));
    }
    return Prompt.chat(list);
  }

  static Constraint constraint(JsonNode request) {
    if (request.path("grammar").isTextual()) {
      return new Constraint.Grammar(request.get("grammar").asText());
    }
    JsonNode schema = request.get("jsonSchema");
    return schema != null && schema.isObject() ? new Constraint.JsonSchema(schema) : Constraint.NONE;
  }
}
