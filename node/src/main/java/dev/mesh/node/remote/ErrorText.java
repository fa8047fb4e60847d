package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/**
 * The words of a remote's error body, for the failure's message: Ollama's {@code {"error": "..."}}, OpenAI's
 * {@code {"error": {"message": "..."}}}, else the text; one line, control characters out, the key out (a remote
 * may echo the Authorization header it got, and these words go to logs and task results), cut to a bound.
 */
final class ErrorText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CHARS = 300;

  private ErrorText() {}

  static String of(Buffer body, int maxBytes, Optional<String> key) {
    if (body == null || body.length() == 0) {
      return "";
    }
    Buffer head = body.length() > maxBytes ? body.getBuffer(0, maxBytes) : body;
    String text = head.toString();
    try {
      JsonNode error = JSON.readTree(text).path("error");
      if (error.isTextual()) {
        text = error.asText();
      } else if (error.path("message").isTextual()) {
        text = error.path("message").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // the raw text then
    }
    if (key.isPresent() && !key.get().isEmpty()) {
      text = text.replace(key.get(), "[key]"); // before the cut, which could leave the key's first characters
    }
    String line = text.replaceAll("\\p{Cntrl}", " ").strip();
    return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "...";
  }
}
