package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.LlamaModel;
import dev.mesh.protocol.gguf.GgufException;
import dev.mesh.protocol.gguf.GgufReader;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.PromptTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The child's prompt formatting: chat messages through the model's own template (GGUF
 * {@code tokenizer.chat_template}, rendered by llama.cpp), or the plain format for a model without one.
 *
 * <p>llama.cpp renders by its built-in formatter for the template's family (ChatML, Llama 3, Gemma, Phi, Mistral,
 * …), not by Jinja: a Jinja template's {@code raise_exception} (Gemma's "roles must alternate") throws through JNI
 * and aborts the engine process (measured). A template llama.cpp does not recognise makes it fall back to ChatML
 * silently; that is caught here with a probe and answered with the plain format, which says so.
 */
final class PromptRenderer {
  static final String TEMPLATE_KEY = "tokenizer.chat_template";
  private static final String CHATML_MARK = "<|im_start|>";

  /** A prompt as the engine will tokenize it, and how it was formatted. */
  record Rendered(String text, PromptTemplate template, List<String> stops) {
  }

  private final LlamaModel model;
  private final PromptTemplate chatFormat;
  private final String note;

  private PromptRenderer(LlamaModel model, PromptTemplate chatFormat, String note) {
    this.model = model;
    this.chatFormat = chatFormat;
    this.note = note;
  }

  static PromptRenderer forModel(LlamaModel model, Path gguf) {
    Optional<String> template = declaredTemplate(gguf);
    if (template.isEmpty()) {
      return new PromptRenderer(model, PromptTemplate.PLAIN, "the model has no chat template");
    }
    String probe = model.applyTemplate(messagesJson(List.of(ChatMessage.system("s"), ChatMessage.user("u"))));
    if (probe.contains(CHATML_MARK) && !template.get().contains(CHATML_MARK)) {
      return new PromptRenderer(model, PromptTemplate.PLAIN,
          "llama.cpp does not recognise the model's chat template (it would use ChatML instead)");
    }
    return new PromptRenderer(model, PromptTemplate.MODEL, "the model's chat template");
  }

  PromptTemplate chatFormat() {
    return chatFormat;
  }

  String note() {
    return note;
  }

  Rendered render(Prompt prompt) {
    if (prompt instanceof Prompt.Chat chat) {
      return chatFormat == PromptTemplate.MODEL
          ? new Rendered(model.applyTemplate(messagesJson(chat.messages())), PromptTemplate.MODEL, List.of())
          : new Rendered(PlainChat.render(chat.messages()), PromptTemplate.PLAIN, PlainChat.STOPS);
    }
    return new Rendered(((Prompt.Text) prompt).text(), PromptTemplate.RAW, List.of());
  }

  private static Optional<String> declaredTemplate(Path gguf) {
    try {
      return GgufReader.read(gguf).string(TEMPLATE_KEY).filter(t -> !t.isBlank());
    } catch (GgufException e) {
      throw new EngineException("load_failed", "cannot read the model's header: " + e.getMessage());
    }
  }

  private static String messagesJson(List<ChatMessage> messages) {
    ObjectNode body = Wire.JSON.createObjectNode();
    ArrayNode list = body.putArray("messages");
    messages.forEach(m -> list.addObject().put("role", m.role()).put("content", m.content()));
    return Wire.encode(body);
  }
}
