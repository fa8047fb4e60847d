package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a generation's prompt was formatted: {@code model} — the model's own chat template (GGUF
 * {@code tokenizer.chat_template}, rendered by llama.cpp); {@code plain} — "System: / User: / Assistant:" text,
 * for a model without a template (or one llama.cpp cannot render); {@code raw} — a generate prompt, sent as is.
 */
public enum PromptTemplate {
  MODEL, PLAIN, RAW;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
