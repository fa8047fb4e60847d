package dev.mesh.node.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.node.compat.JsonBody;
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
 * OpenAI request bodies as mesh tasks. Only what changes the answer is read; the many optional fields clients
 * send that mesh has no use for ({@code user}, {@code logprobs}, {@code presence_penalty}, ...) are ignored,
 * as OpenAI-compatible servers do. Shape errors name the OpenAI field ({@code messages[1].content}).
 */
final class OpenAiRequests {
  /** Embedding inputs per request: each becomes one task. */
  static final int MAX_EMBEDDING_INPUTS = 256;

  /** What a chat or completion request asked for beyond the task itself. */
  record Parsed(TaskRequest task, boolean stream, boolean includeUsage) {
    Parsed withPriority(Priority priority) {
      return new Parsed(task.withPriority(priority), stream, includeUsage);
    }
  }

  private OpenAiRequests() {}

  static JsonNode body(byte[] bytes) {
    return JsonBody.parse(bytes);
  }

  /** {@code POST /v1/chat/completions}. */
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

  /** {@code POST /v1/completions}: one prompt (a string, or an array holding one). */
  static Parsed completion(JsonNode body) {
    JsonNode prompt = body.path("prompt");
    if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      prompt = prompt.get(0);
    }
    if (!prompt.isTextual()) {
      throw invalid(prompt.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
          "prompt must be a string (or an array of one string; token arrays are not taken)", "prompt");
    }
    return parsed(body, TaskKind.GENERATE, prompt.asText(), null);
  }

  /** {@code POST /v1/embeddings}: each input string becomes one embed task, in order. */
  static List<TaskRequest> embeddings(JsonNode body) {
    JsonNode input = body.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty() && input.size() <= MAX_EMBEDDING_INPUTS) {
      for (int i = 0; i < input.size(); i++) {
        if (!input.get(i).isTextual()) {
          throw invalid(ErrorCodes.INVALID_FIELD, "input[" + i + "] must be a string (token arrays are not taken)",
              "input[" + i + "]");
        }
        texts.add(input.get(i).asText());
      }
    } else {
      throw invalid(input.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
          "input must be a string or an array of 1 to " + MAX_EMBEDDING_INPUTS + " strings", "input");
    }
    String format = text(body, "encoding_format");
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw invalid(ErrorCodes.INVALID_FIELD, "encoding_format must be float or base64", "encoding_format");
    }
    String model = model(body);
    return texts.stream().map(t -> TaskRequest.embed(t).withModel(model)).toList();
  }

  static boolean base64(JsonNode body) {
    return "base64".equals(body.path("encoding_format").asText(null));
  }

  private static Parsed parsed(JsonNode body, TaskKind kind, String prompt, List<ChatMessage> messages) {
    JsonNode n = body.path("n");
    if (!n.isMissingNode() && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1 && n.isIntegralNumber())) {
      throw invalid(ErrorCodes.INVALID_FIELD, "n must be 1: mesh makes one choice per request", "n");
    }
    Integer maxTokens = integer(body, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = integer(body, "max_tokens");
    }
    TaskParams params = new TaskParams(number(body, "temperature"), maxTokens, stop(body), longValue(body, "seed"),
        number(body, "top_p"));
    TaskRequest task = new TaskRequest(kind, model(body), prompt, messages, null, null, params, null, null, null, null,
        null, responseSchema(body));
    boolean stream = bool(body, "stream");
    JsonNode options = body.path("stream_options");
    boolean includeUsage = options.isObject() && options.path("include_usage").asBoolean(false);
    return new Parsed(task, stream, includeUsage);
  }

  /**
   * {@code response_format}: {@code text} (free), {@code json_object} (any JSON object) or {@code json_schema}
   * ({@code json_schema.schema}), held by the same grammar as a mesh task's {@code schema}.
   */
  static JsonNode responseSchema(JsonNode body) {
    JsonNode format = body.path("response_format");
    if (format.isMissingNode() || format.isNull()) {
      return null;
    }
    String type = format.path("type").asText("");
    return switch (type) {
      case "text" -> null;
      case "json_object" -> MeshJson.mapper().createObjectNode().put("type", "object");
      case "json_schema" -> {
        JsonNode schema = format.path("json_schema").path("schema");
        if (!schema.isObject()) {
          throw invalid(schema.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
              "response_format.json_schema.schema must be a JSON Schema object", "response_format.json_schema.schema");
        }
        yield schema;
      }
      default -> throw invalid(ErrorCodes.INVALID_FIELD, "response_format.type must be text, json_object or"
          + " json_schema, was '" + format.path("type").asText() + "'", "response_format.type");
    };
  }

  /** A message's content is a string or an array of parts, of which only text parts are taken. */
  private static ChatMessage message(JsonNode m, String at) {
    if (!m.isObject()) {
      throw invalid(ErrorCodes.INVALID_FIELD, at + " must be an object {role, content}", at);
    }
    String role = text(m, "role");
    if (role == null) {
      throw invalid(ErrorCodes.MISSING_FIELD, at + ".role is missing", at + ".role");
    }
    // newer clients send "developer" where older ones said "system"
    role = role.equals("developer") ? ChatMessage.SYSTEM : role;
    if (!ChatMessage.ROLES.contains(role)) {
      throw invalid(ErrorCodes.INVALID_FIELD, at + ".role must be system, developer, user or assistant, was '"
          + m.path("role").asText() + "'", at + ".role");
    }
    JsonNode content = m.path("content");
    if (content.isTextual()) {
      return new ChatMessage(role, content.asText());
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < content.size(); i++) {
        JsonNode part = content.get(i);
        if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
          throw invalid(ErrorCodes.INVALID_FIELD, at + ".content[" + i + "] must be {\"type\":\"text\",\"text\":...}:"
              + " mesh's models read text only", at + ".content[" + i + "]");
        }
        text.append(part.path("text").asText());
      }
      return new ChatMessage(role, text.toString());
    }
    throw invalid(content.isMissingNode() ? ErrorCodes.MISSING_FIELD : ErrorCodes.INVALID_FIELD,
        at + ".content must be a string or an array of text parts", at + ".content");
  }

  private static List<String> stop(JsonNode body) {
    JsonNode stop = body.path("stop");
    if (stop.isMissingNode() || stop.isNull()) {
      return null;
    }
    if (stop.isTextual()) {
      return List.of(stop.asText());
    }
    if (stop.isArray()) {
      List<String> all = new ArrayList<>();
      for (JsonNode s : stop) {
        if (!s.isTextual()) {
          throw invalid(ErrorCodes.INVALID_FIELD, "stop must be a string or an array of strings", "stop");
        }
        all.add(s.asText());
      }
      return all;
    }
    throw invalid(ErrorCodes.INVALID_FIELD, "stop must be a string or an array of strings", "stop");
  }

  /** The model asked for; "" or absent: any model of the mesh. */
  private static String model(JsonNode body) {
    String model = text(body, "model");
    return model == null || model.isBlank() ? null : model;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(ErrorCodes.INVALID_FIELD, field + " must be a string", field);
    }
    return v.asText();
  }

  private static Integer integer(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw invalid(ErrorCodes.INVALID_FIELD, field + " must be an integer", field);
    }
    return v.asInt();
  }

  private static Long longValue(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw invalid(ErrorCodes.INVALID_FIELD, field + " must be an integer", field);
    }
    return v.asLong();
  }

  private static Double number(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw invalid(ErrorCodes.INVALID_FIELD, field + " must be a number", field);
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw invalid(ErrorCodes.INVALID_FIELD, field + " must be true or false", field);
    }
    return v.asBoolean();
  }

  private static Rejection invalid(String code, String message, String field) {
    return Rejection.of(code, message, field);
  }
}
