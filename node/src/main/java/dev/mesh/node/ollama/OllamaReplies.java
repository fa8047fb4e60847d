package dev.mesh.node.ollama;

import dev.mesh.node.compat.FinishReason;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Ollama's response shapes, from mesh tasks and adverts. Durations are nanoseconds, as Ollama's are. */
final class OllamaReplies {
  /** The Ollama API version this follows, for clients that check {@code /api/version}. */
  static final String OLLAMA_VERSION = "0.9.0";
  private static final long NANOS_PER_MS = 1_000_000;

  private OllamaReplies() {}

  /** One streamed piece (or, with {@code done}, the last line) of a chat or a generate. */
  static ObjectNode piece(String model, Instant at, boolean chat, String text) {
    ObjectNode line = head(model, at);
    if (chat) {
      line.putObject("message").put("role", "assistant").put("content", text);
    } else {
      line.put("response", text);
    }
    return line.put("done", false);
  }

  /** The whole answer ({@code stream: false}) or the stream's last line (its text already sent: {@code text} ""). */
  static ObjectNode done(TaskRecord done, String model, Instant at, boolean chat, String text) {
    ObjectNode line = piece(model, at, chat, text).put("done", true)
        .put("done_reason", FinishReason.of(done));
    TaskResult result = done.result();
    if (result.data() != null || result.score() != null) {
      line.put("done_reason", "stop");
    }
    Timings t = result.timings();
    Usage u = result.usage();
    line.put("total_duration", t == null ? 0 : t.totalMs() * NANOS_PER_MS).put("load_duration", 0)
        .put("prompt_eval_count", u == null ? 0 : u.promptTokens())
        .put("prompt_eval_duration", t == null ? 0 : t.prefillMs() * NANOS_PER_MS)
        .put("eval_count", u == null ? 0 : u.completionTokens())
        .put("eval_duration", t == null ? 0 : t.decodeMs() * NANOS_PER_MS);
    return line;
  }

  /** An empty generate: the model is "loaded" (mesh loads on demand), nothing ran. */
  static ObjectNode loaded(String model, Instant at) {
    return head(model, at).put("response", "").put("done", true).put("done_reason", "load");
  }

  static ObjectNode embed(List<TaskRecord> done, String model) {
    ObjectNode body = MeshJson.mapper().createObjectNode().put("model", model);
    ArrayNode vectors = body.putArray("embeddings");
    long totalMs = 0;
    int tokens = 0;
    for (TaskRecord r : done) {
      ArrayNode v = vectors.addArray();
      for (float x : r.result().embeddingArray()) {
        v.add(x);
      }
      totalMs = Math.max(totalMs, r.result().timings().totalMs());
      tokens += r.result().usage() == null ? 0 : r.result().usage().promptTokens();
    }
    return body.put("total_duration", totalMs * NANOS_PER_MS).put("load_duration", 0).put("prompt_eval_count", tokens);
  }

  static ObjectNode embeddings(TaskRecord done) {
    ObjectNode body = MeshJson.mapper().createObjectNode();
    ArrayNode v = body.putArray("embedding");
    for (float x : done.result().embeddingArray()) {
      v.add(x);
    }
    return body;
  }

  /** {@code GET /api/tags}: every model some live node serves; {@code GET /api/ps}: those loaded now. */
  static ObjectNode models(List<NodeAdvert> live, boolean loadedOnly) {
    Map<String, ModelInfo> byId = new LinkedHashMap<>();
    for (NodeAdvert a : live) {
      if (a.models() != null) {
        a.models().stream().filter(m -> !loadedOnly || m.loaded()).forEach(m -> byId.putIfAbsent(m.id(), m));
      }
    }
    ObjectNode body = MeshJson.mapper().createObjectNode();
    ArrayNode models = body.putArray("models");
    byId.values().stream().sorted(java.util.Comparator.comparing(ModelInfo::id)).forEach(m -> {
      ObjectNode entry = models.addObject().put("name", m.id()).put("model", m.id())
          .put("size", Math.max(0, m.estimatedRamBytes())).put("digest", "");
      if (loadedOnly) {
        entry.put("size_vram", 0);
      }
      details(entry.putObject("details"), m);
    });
    return body;
  }

  /** {@code POST /api/show}: what mesh knows of one model. */
  static ObjectNode show(ModelInfo m) {
    ObjectNode body = MeshJson.mapper().createObjectNode().put("modelfile", "").put("parameters", "")
        .put("template", "");
    details(body.putObject("details"), m);
    String arch = architecture(m);
    ObjectNode info = body.putObject("model_info").put("general.architecture", arch)
        .put("general.parameter_count", m.parameters());
    info.put(arch + ".context_length", m.contextLength());
    ArrayNode capabilities = body.putArray("capabilities");
    m.kinds().forEach(k -> capabilities.add(k.wire().equals("embed") ? "embedding" : "completion"));
    return body;
  }

  static ObjectNode version() {
    return MeshJson.mapper().createObjectNode().put("version", OLLAMA_VERSION);
  }

  /** Ollama's error body, {@code {"error": "..."}}, with mesh's {@code code} and {@code field} beside it. */
  static Map<String, Object> error(ApiError e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.message());
    body.put("code", e.code());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    return body;
  }

  /** A remote engine's model: mesh knows its name and what it serves, not its file. */
  private static void details(ObjectNode d, ModelInfo m) {
    d.put("format", m.viaRemote() ? "remote" : "gguf").put("family", architecture(m));
    d.putArray("families").add(architecture(m));
    d.put("parameter_size", parameterSize(m.parameters())).put("quantization_level", m.quantization());
  }

  private static String architecture(ModelInfo m) {
    return m.architecture() != null ? m.architecture() : m.viaRemote() ? "remote" : "unknown";
  }

  private static ObjectNode head(String model, Instant at) {
    return MeshJson.mapper().createObjectNode().put("model", model == null ? "mesh" : model)
        .put("created_at", at.toString());
  }

  /** "3.1B", "494M", as Ollama shows parameter counts. */
  static String parameterSize(long parameters) {
    return parameters >= 1_000_000_000 ? String.format(Locale.ROOT, "%.1fB", parameters / 1e9)
        : String.format(Locale.ROOT, "%dM", Math.max(0, parameters) / 1_000_000);
  }
}
