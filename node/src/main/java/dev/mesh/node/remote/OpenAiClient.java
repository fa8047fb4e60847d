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

/**
 * A remote that speaks OpenAI's API under its base URL (e.g. {@code https://host/v1}): {@code /chat/completions}
 * streamed as server-sent events (usage asked for in the last one), {@code /embeddings}, {@code /models}.
 */
final class OpenAiClient implements RemoteClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DONE = "[DONE]";
  private final RemoteHttp http;

  OpenAiClient(RemoteHttp http) {
    this.http = http;
  }

  @Override
  public Future<RemoteReply> chat(RemoteCall call, Consumer<String> onText, StopSignal cancel) {
    ObjectNode body = JSON.createObjectNode().put("model", call.model()).put("stream", true)
        .put("max_tokens", call.maxTokens()).put("temperature", call.temperature());
    body.putObject("stream_options").put("include_usage", true);
    RemoteMessages.into(body.putArray("messages"), call.messages());
    if (call.topP() != null) {
      body.put("top_p", call.topP());
    }
    if (call.seed() != null) {
      body.put("seed", call.seed());
    }
    if (!call.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      call.stop().forEach(stop::add);
    }
    if (call.format() != null) {
      body.putObject("response_format").put("type", "json_schema").putObject("json_schema").put("name", "output")
          .set("schema", call.format());
    }
    StreamedText text = new StreamedText(onText);
    Usage usage = new Usage();
    return http.postLines("/chat/completions", body, cancel, line -> event(line, text, usage)).map(v -> {
      if (!usage.ended) {
        throw http.failure(Kind.BROKEN_STREAM, "its answer ended without data: [DONE]");
      }
      return text.reply(usage.prompt, usage.completion, usage.finish);
    });
  }

  /** What the stream has said so far of tokens, why it stopped, and whether it ended properly. */
  private static final class Usage {
    int prompt;
    int completion;
    String finish;
    boolean ended;
  }

  private void event(String line, StreamedText text, Usage usage) {
    if (!line.startsWith("data:")) {
      return; // blank separators, comments (": keep-alive"), event names
    }
    String data = line.substring("data:".length()).strip();
    if (DONE.equals(data)) {
      usage.ended = true;
      return;
    }
    JsonNode chunk = RemoteJson.piece(data, "an event", http);
    JsonNode choice = chunk.path("choices").path(0);
    text.add(choice.path("delta").path("content").asText(""));
    if (choice.path("finish_reason").isTextual()) {
      usage.finish = choice.path("finish_reason").asText();
    }
    JsonNode u = chunk.path("usage");
    if (u.isObject()) {
      usage.prompt = u.path("prompt_tokens").asInt(usage.prompt);
      usage.completion = u.path("completion_tokens").asInt(usage.completion);
    }
  }

  @Override
  public Future<RemoteEmbedding> embed(String model, String input) {
    long started = System.nanoTime();
    ObjectNode body = JSON.createObjectNode().put("model", model).put("input", input);
    return http.postJson("/embeddings", body).map(reply -> new RemoteEmbedding(
        RemoteJson.vector(reply.path("data").path(0).path("embedding"), http),
        reply.path("usage").path("prompt_tokens").asInt(0), (System.nanoTime() - started) / 1_000_000));
  }

  @Override
  public Future<List<String>> models() {
    return http.getJson("/models").map(reply -> RemoteJson.names(reply, "data", "id", "/models", http));
  }
}
