package dev.mesh.node.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama request bodies as mesh tasks. {@code options} gives sampling ({@code temperature}, {@code num_predict},
 * {@code top_p}, {@code seed}, {@code stop}); {@code format} ({@code "json"} or a JSON Schema) holds the answer
 * like a task's {@code schema}; {@code stream} defaults to true as in Ollama. What mesh has no use for
 * ({@code keep_alive}, {@code num_ctx}, ...) is ignored, as Ollama ignores unknown options.
 */
final class OllamaRequests {
  static final int MAX_EMBED_INPUTS = 256;

  /** A chat or generate request: the task, whether to stream, and the name the caller asked for. */
  record Parsed(TaskRequest task, boolean stream, String model) {
    /** An empty generate: Ollama's way to load a model; answered at once, nothing runs. */
    boolean loadOnly() {
      return task == null;
    }

    Parsed withPriority(Priority priority) {
      return task == null ? this : new Parsed(task.withPriority(priority), stream, model);
    }
  }

  private OllamaRequests() {}

  /** {@code POST /api/chat}. */
  static Parsed chat(JsonNode body) {
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw invalid(messages.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
          "messages must be a non-empty array of {role, content}", "messages");
    }
    List<ChatMessage> chat = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      chat.add(message(messages.get(i), "messages[" + i + "]"));
    }
    return parsed(body, TaskKind.CHAT, null, chat);
  }

  /**
   * {@code POST /api/generate}: the prompt through the model's template with {@code system} before it, as Ollama
   * does; {@code raw: true} sends the prompt as written.
   */
  static Parsed generate(JsonNode body) {
    JsonNode prompt = body.path("prompt");
    if (!prompt.isMissingNode() && !prompt.isNull() && !prompt.isTextual()) {
      throw invalid(ErrorCodes.INVALID_FIELD, "prompt must be a string", "prompt");
    }
    if (prompt.asText("").isEmpty()) {
      return new Parsed(null, false, text(body, "model"));
    }
    if (body.path("raw").asBoolean(false)) {
      return parsed(body, TaskKind.GENERATE, prompt.asText(), null);
    }
    List<ChatMessage> chat = new ArrayList<>();
    String system = text(body, "system");
    if (system != null && !system.isBlank()) {
      chat.add(ChatMessage.system(system));
    }
    chat.add(ChatMessage.user(prompt.asText()));
    return parsed(body, TaskKind.CHAT, null, chat);
  }

  /** {@code POST /api/embed}: {@code input} is a string or an array of strings; each becomes a task. */
  static List<TaskRequest> embed(JsonNode body) {
    JsonNode input = body.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty() && input.size() <= MAX_EMBED_INPUTS) {
      for (int i = 0; i < input.size(); i++) {
        if (!input.get(i).isTextual()) {
          throw invalid(ErrorCodes.INVALID_FIELD, "input[" + i + "] must be a string", "input[" + i + "]");
        }
        texts.add(input.get(i).asText());
      }
    } else {
      throw invalid(input.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
          "input must be a string or an array of 1 to " + MAX_EMBED_INPUTS + " strings", "input");
    }
    String model = text(body, "model");
    return texts.stream().map(t -> TaskRequest.embed(t).withModel(model)).toList();
  }

  /** {@code POST /api/embeddings} (the older form): one {@code prompt}. */
  static TaskRequest embeddings(JsonNode body) {
    JsonNode prompt = body.path("prompt");
    if (!prompt.isTextual()) {
      throw invalid(prompt.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
          "prompt must be a string", "prompt");
    }
    return TaskRequest.embed(prompt.asText()).withModel(text(body, "model"));
  }

  static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(ErrorCodes.INVALID_FIELD, field + " must be a string", field);
    }
    return value.asText().isBlank() ? null : value.asText();
  }

  private static Parsed parsed(JsonNode body, TaskKind kind, String prompt, List<ChatMessage> messages) {
    String model = text(body, "model");
    TaskRequest task = new TaskRequest(kind, model, prompt, messages, null, null, params(body.path("options")),
        null, null, null, null, null, format(body.path("format")));
    return new Parsed(task, body.path("stream").asBoolean(true), model);
  }

  private static TaskParams params(JsonNode options) {
    if (options.isMissingNode() || options.isNull()) {
      return null;
    }
    if (!options.isObject()) {
      throw invalid(ErrorCodes.INVALID_FIELD, "options must be an object", "options");
    }
    // num_predict -1 (or -2) is "until the context is full" in Ollama: mesh's default budget instead
    Integer maxTokens = options.path("num_predict").canConvertToInt() && options.path("num_predict").asInt() > 0
        ? options.path("num_predict").asInt() : null;
    List<String> stop = new ArrayList<>();
    options.path("stop").forEach(s -> stop.add(s.asText()));
    return new TaskParams(number(options, "temperature"), maxTokens, stop.isEmpty() ? null : stop,
        options.path("seed").canConvertToLong() ? options.path("seed").asLong() : null, number(options, "top_p"));
  }

  private static Double number(JsonNode options, String field) {
    JsonNode value = options.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw invalid(ErrorCodes.INVALID_FIELD, "options." + field + " must be a number", "options." + field);
    }
    return value.asDouble();
  }

  /** {@code "json"}: any JSON object; an object: a JSON Schema; absent or "": free text. */
  private static JsonNode format(JsonNode format) {
    if (format.isMissingNode() || format.isNull() || (format.isTextual() && format.asText().isEmpty())) {
      return null;
    }
    if (format.isTextual() && format.asText().equals("json")) {
      return MeshJson.mapper().createObjectNode().put("type", "object");
    }
    if (format.isObject()) {
      return format;
    }
    throw invalid(ErrorCodes.INVALID_FIELD, "format must be \"json\" or a JSON Schema object", "format");
  }

  private static ChatMessage message(JsonNode m, String at) {
    if (!m.isObject()) {
      throw invalid(ErrorCodes.INVALID_FIELD, at + " must be an object {role, content}", at);
    }
    String role = text(m, "role");
    if (role == null || !ChatMessage.ROLES.contains(role)) {
      throw invalid(role == null ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD, at
          + ".role must be system, user or assistant" + (role == null ? "" : ", was '" + role + "'"), at + ".role");
    }
    JsonNode content = m.path("content");
    if (!content.isTextual()) {
      throw invalid(content.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
          at + ".content must be a string", at + ".content");
    }
    return new ChatMessage(role, content.asText());
  }

  private static Rejection invalid(String code, String message, String field) {
    return Rejection.of(code, message, field);
  }
}
