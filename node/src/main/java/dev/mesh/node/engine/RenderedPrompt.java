package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.task.PromptTemplate;

/** A prompt as the engine renders it: the text it tokenizes, that text's token count, and how it was formatted. */
public record RenderedPrompt(String text, int tokens, PromptTemplate template) {

  static RenderedPrompt fromWire(JsonNode rendered) {
    return new RenderedPrompt(rendered.path("text").asText(), rendered.path("count").asInt(),
        template(rendered.path("template").asText()));
  }

  static PromptTemplate template(String wire) {
    for (PromptTemplate t : PromptTemplate.values()) {
      if (t.wire().equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown prompt template '" + wire + "' from the engine");
  }
}
