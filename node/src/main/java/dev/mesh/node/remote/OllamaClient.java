package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.inference.StopSignal;
import dev.mesh.node.remote.RemoteFailure.Kind;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/** A remote that speaks Ollama's API: {@code /api/chat} streamed as NDJSON, {@code /api/embed}, {@code /api/tags}. */
final class OllamaClient implements RemoteClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RemoteHttp http;

  OllamaClient(RemoteHttp http) {
    this.http = http;
  }

  @Override
  public Future<RemoteReply> chat(RemoteCall call, Consumer<String> onText, StopSignal cancel) {
    ObjectNode body = JSON.createObjectNode().put("model", call.model()).put("stream", true);
    RemoteMessages.into(body.putArray("messages"), call.messages());
    ObjectNode options = body.putObject("options").put("num_predict", call.maxTokens())
        .put("temperature", call.temperature());
    if (call.topP() != null) {
      options.put("top_p", call.topP());
    }
    if (call.seed() != null) {
      options.put("seed", call.seed());
    }
    if (!call.stop().isEmpty()) {
      ArrayNode stop = options.putArray("stop");
      call.stop().forEach(stop::add);
    }
    if (call.format() != null) {
      body.set("format", call.format());
    }
    StreamedText text = new StreamedText(onText);
    JsonNode[] last = {null};
    return http.postLines("/api/chat", body, cancel, line -> {
      if (line.isEmpty()) {
        return;
      }
      JsonNode chunk = RemoteJson.piece(line, "a line", http);
      text.add(chunk.path("message").path("content").asText(""));
      if (chunk.path("done").asBoolean(false)) {
        last[0] = chunk;
      }
    }).map(v -> {
      if (last[0] == null) {
        throw http.failure(Kind.BROKEN_STREAM, "its answer ended without its last line (done: true)");
      }
      JsonNode done = last[0];
      return text.reply(done.path("prompt_eval_count").asInt(0), done.path("eval_count").asInt(0),
          done.path("done_reason").asText("stop"));
    });
  }

  /** One NDJSON line: an object, or the error Ollama sends mid-stream. */
  @Override
  public Future<RemoteEmbedding> embed(String model, String input) {
    long started = System.nanoTime();
    ObjectNode body = JSON.createObjectNode().put("model", model).put("input", input);
    return http.postJson("/api/embed", body).map(reply -> {
      JsonNode first = reply.path("embeddings").path(0);
      float[] vector = RemoteJson.vector(first, http);
      return new RemoteEmbedding(vector, reply.path("prompt_eval_count").asInt(0),
          (System.nanoTime() - started) / 1_000_000);
    });
  }

  @Override
  public Future<List<String>> models() {
    return http.getJson("/api/tags").map(reply -> RemoteJson.names(reply, "models", "name", "/api/tags", http));
  }
}
