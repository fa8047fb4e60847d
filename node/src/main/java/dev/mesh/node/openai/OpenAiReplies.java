package dev.mesh.node.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.compat.FinishReason;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.Embedding;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Usage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The JSON OpenAI clients expect, made from mesh records; ids are the task ids behind them. */
final class OpenAiReplies {
  static final String CHAT = "chat.completion";
  static final String CHAT_CHUNK = "chat.completion.chunk";
  static final String TEXT = "text_completion";

  private OpenAiReplies() {}

  /** A whole chat completion or text completion. */
  static ObjectNode completion(TaskRecord done, boolean chat) {
    TaskResult r = done.result();
    ObjectNode body = head(done, chat ? CHAT : TEXT, r.model());
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", r.output());
    } else {
      choice.put("text", r.output()).putNull("logprobs");
    }
    choice.put("finish_reason", FinishReason.of(done));
    usage(body.putObject("usage"), r.usage());
    return body;
  }

  /** One streamed piece: the text so far's next part, or (with {@code finish}) the last, empty one. */
  static ObjectNode chunk(String taskId, long created, String model, boolean chat, String text, String finish,
      boolean first) {
    ObjectNode body = MeshJson.mapper().createObjectNode().put("id", id(taskId, chat))
        .put("object", chat ? CHAT_CHUNK : TEXT).put("created", created).put("model", model);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    if (chat) {
      ObjectNode delta = choice.putObject("delta");
      if (first) {
        delta.put("role", "assistant");
      }
      if (text != null) {
        delta.put("content", text);
      }
    } else {
      choice.put("text", text == null ? "" : text).putNull("logprobs");
    }
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return body;
  }

  /** The usage chunk a client asked for with {@code stream_options.include_usage}: no choices. */
  static ObjectNode usageChunk(TaskRecord done, boolean chat) {
    ObjectNode body = head(done, chat ? CHAT_CHUNK : TEXT, done.result().model());
    body.putArray("choices");
    usage(body.putObject("usage"), done.result().usage());
    return body;
  }

  /** {@code length} when the generation used every token it was allowed, else {@code stop}. */
  static ObjectNode embeddings(List<TaskRecord> done, boolean base64) {
    ObjectNode body = MeshJson.mapper().createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    int promptTokens = 0;
    for (int i = 0; i < done.size(); i++) {
      TaskResult r = done.get(i).result();
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        item.put("embedding", base64(r.embedding()));
      } else {
        ArrayNode vector = item.putArray("embedding");
        for (float v : r.embeddingArray()) {
          vector.add(v);
        }
      }
      promptTokens += r.usage() == null ? 0 : r.usage().promptTokens();
    }
    body.put("model", done.get(0).result().model());
    body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
    return body;
  }

  /**
   * {@code GET /v1/models}: every model some live node serves, with the nodes that serve it, the kinds it serves,
   * its aliases and tier (from the first node listing it), and whether any node has it loaded now.
   */
  static ObjectNode models(List<NodeAdvert> live, long created) {
    Map<String, TreeSet<String>> nodesByModel = new TreeMap<>();
    Map<String, ModelInfo> infoByModel = new TreeMap<>();
    Map<String, Boolean> loadedByModel = new TreeMap<>();
    for (NodeAdvert a : live) {
      if (a.models() != null) {
        a.models().forEach(m -> {
          nodesByModel.computeIfAbsent(m.id(), k -> new TreeSet<>()).add(a.name());
          infoByModel.putIfAbsent(m.id(), m);
          loadedByModel.merge(m.id(), m.loaded(), Boolean::logicalOr);
        });
      }
    }
    ObjectNode body = MeshJson.mapper().createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    nodesByModel.forEach((model, nodes) -> {
      ModelInfo info = infoByModel.get(model);
      ObjectNode m = data.addObject().put("id", model).put("object", "model").put("created", created)
          .put("owned_by", "mesh");
      nodes.forEach(m.putArray("nodes")::add);
      ArrayNode kinds = m.putArray("kinds");
      info.kinds().forEach(k -> kinds.add(k.wire()));
      info.aliases().forEach(m.putArray("aliases")::add);
      m.put("tier", info.tier());
      m.put("loaded", loadedByModel.get(model));
    });
    return body;
  }

  static String id(String taskId, boolean chat) {
    return (chat ? "chatcmpl-" : "cmpl-") + taskId;
  }

  private static ObjectNode head(TaskRecord done, String object, String model) {
    return MeshJson.mapper().createObjectNode().put("id", id(done.id(), !object.equals(TEXT)))
        .put("object", object).put("created", done.task().acceptedAt().getEpochSecond()).put("model", model);
  }

  private static void usage(ObjectNode usage, Usage u) {
    int prompt = u == null ? 0 : u.promptTokens();
    int completion = u == null ? 0 : u.completionTokens();
    usage.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
  }

  /** OpenAI's base64 form: the float32 values, little-endian, back to back. */
  private static String base64(Embedding vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector.toArray()) {
      bytes.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
