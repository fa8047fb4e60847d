package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.task.PromptTemplate;

/**
 * What the engine reported after loading its model.
 *
 * @param library     which native library runs it, e.g. {@code bundled Linux/x86_64}
 * @param libraryFile where that library was loaded from, when known
 * @param os          the child's OS name, version and arch
 * @param template    how chat prompts are formatted: the model's own template or plain; {@code templateNote} says why
 */
public record LoadResult(long loadMs, int contextTokens, boolean embedding, String library, String libraryFile,
             String os, PromptTemplate template, String templateNote) {

  static LoadResult fromWire(JsonNode loaded) {
    return new LoadResult(loaded.path("loadMs").asLong(), loaded.path("nCtx").asInt(),
        loaded.path("embedding").asBoolean(), loaded.path("library").asText(),
        loaded.path("libraryFile").asText(""), loaded.path("os").asText(),
        RenderedPrompt.template(loaded.path("template").asText("plain")), loaded.path("templateNote").asText(""));
  }
}
