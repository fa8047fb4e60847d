package dev.mesh.bench.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.process.HttpJson;

/** The one small greedy generation every request of the remote bench asks for, as a task or as an OpenAI chat. */
final class RemoteRequests {
  static final String PROMPT = "Once upon a time";
  static final int MAX_TOKENS = 16;

  private RemoteRequests() {}

  /** For home's remote: the heavy tier is only served by the cloud. */
  static ObjectNode heavy() {
    return task("heavy");
  }

  /** For home's own local model. */
  static ObjectNode light() {
    return task("light");
  }

  /** What home sends its remote for {@link #heavy()}, the prompt as the user's message, but not streamed. */
  static ObjectNode chat() {
    ObjectNode chat = HttpJson.JSON.createObjectNode().put("model", RemotePair.CLOUD_MODEL)
        .put("max_tokens", MAX_TOKENS).put("temperature", 0);
    chat.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
    return chat;
  }

  private static ObjectNode task(String tier) {
    ObjectNode task = HttpJson.JSON.createObjectNode().put("kind", "generate").put("prompt", PROMPT);
    task.putObject("params").put("maxTokens", MAX_TOKENS).put("temperature", 0);
    task.putObject("requirements").put("tier", tier);
    return task;
  }
}
