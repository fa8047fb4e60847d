package dev.mesh.node.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The engine's line protocol: one JSON object per line, each with "id" and "op". Replies on the child's stdout
 * start with {@link #MARKER} so anything else native code prints to fd 1 is told apart and ignored.
 */
final class Wire {
  static final String MARKER = "@@mesh ";
  static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {
  }

  static ObjectNode message(long id, String op) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id);
    node.put("op", op);
    return node;
  }

  static ObjectNode error(long id, String code, String message) {
    ObjectNode node = message(id, "error");
    node.put("code", code);
    node.put("message", message == null ? code : message);
    return node;
  }

  static String encode(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + node.path("op"), e);
    }
  }

  static JsonNode decode(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + abbreviate(json), e);
    }
  }

  /** A reply line, or empty for stray output; the marker may follow a partial line native code left unfinished. */
  static Optional<JsonNode> decodeReply(String line) {
    int at = line.indexOf(MARKER);
    return at < 0 ? Optional.empty() : Optional.of(decode(line.substring(at + MARKER.length())));
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
