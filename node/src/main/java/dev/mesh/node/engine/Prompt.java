package dev.mesh.node.engine;

import dev.mesh.protocol.task.ChatMessage;
import java.util.List;
import java.util.Objects;

/** What a generation starts from: text sent as is, or chat messages the engine formats with the model's template. */
public sealed interface Prompt {

  /** A prompt the model continues exactly as written (kind generate, the self-benchmark). */
  record Text(String text) implements Prompt {
    public Text {
      Objects.requireNonNull(text, "text is required");
    }
  }

  /** Messages (system, user, assistant) the engine renders with the model's chat template, or plainly without one. */
  record Chat(List<ChatMessage> messages) implements Prompt {
    public Chat {
      if (messages == null || messages.isEmpty()) {
        throw new IllegalArgumentException("a chat prompt needs at least one message");
      }
      messages = List.copyOf(messages);
    }
  }

  static Prompt text(String text) {
    return new Text(text);
  }

  static Prompt chat(List<ChatMessage> messages) {
    return new Chat(messages);
  }
}
