package dev.mesh.node.hooks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A text with {@code {/json/pointer}} holes, parsed once from config and filled per delivery. A string value
 * goes in as it is; a number, boolean, array or object as its JSON. {@code {{} and {@code }}} are literal
 * braces. A pointer with nothing at it fails, naming where in the payload it looked.
 */
final class Template {
  private final List<Object> parts; // String literals and JsonPointers, in order

  private Template(List<Object> parts) {
    this.parts = parts;
  }

  /** @throws IllegalArgumentException with what is wrong with the template text */
  static Template parse(String text) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (text.startsWith("{{", i) || text.startsWith("}}", i)) {
        literal.append(c);
        i += 2;
      } else if (c == '{') {
        int end = text.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("'{' at " + i + " is not closed (write {{ for a literal brace)");
        }
        String pointer = text.substring(i + 1, end);
        if (!pointer.startsWith("/")) {
          throw new IllegalArgumentException("{" + pointer + "} at " + i + " is not a JSON Pointer (like {/title})");
        }
        parts.add(literal.toString());
        literal.setLength(0);
        parts.add(JsonPointer.compile(pointer));
        i = end + 1;
      } else if (c == '}') {
        throw new IllegalArgumentException("'}' at " + i + " closes nothing (write }} for a literal brace)");
      } else {
        literal.append(c);
        i++;
      }
    }
    parts.add(literal.toString());
    return new Template(parts);
  }

  /**
   * @param at where {@code element} sits in the payload ("" for the root, "/items/3"), for error messages
   * @throws MappingException naming the payload field that was missing
   */
  String fill(JsonNode element, String at) {
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof JsonPointer pointer) {
        JsonNode value = element.at(pointer);
        if (value.isMissingNode() || value.isNull()) {
          throw new MappingException(at + pointer, "the payload has no value at " + at + pointer);
        }
        out.append(value.isTextual() ? value.asText() : value.toString());
      } else {
        out.append((String) part);
      }
    }
    return out.toString();
  }
}
