package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.task.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * One chat completion asked of a remote model: the messages, the token budget, sampling, and the JSON Schema its
 * answer is held to ({@code format}: null for free text).
 */
public record RemoteCall(String model, List<ChatMessage> messages, int maxTokens, double temperature, Double topP,
    Long seed, List<String> stop, JsonNode format) {

  public RemoteCall {
    Objects.requireNonNull(model, "model must not be null");
    messages = List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a call needs at least one message");
    }
  }
}
