package dev.mesh.node.engine;

import dev.mesh.protocol.task.ChatMessage;
import java.util.List;

/** The chat format for a model without a template of its own: "System: / User: / Assistant:" lines. */
final class PlainChat {
  /** A turn ends where the model starts to speak for someone else. */
  static final List<String> STOPS = List.of("\nUser:", "\nSystem:");

  private PlainChat() {
  }

  static String render(List<ChatMessage> messages) {
    StringBuilder prompt = new StringBuilder();
    for (ChatMessage m : messages) {
      prompt.append(roleLabel(m.role())).append(": ").append(m.content().strip()).append('\n');
    }
    return prompt.append("Assistant:").toString();
  }

  private static String roleLabel(String role) {
    return switch (role) {
      case ChatMessage.SYSTEM -> "System";
      case ChatMessage.ASSISTANT -> "Assistant";
      default -> "User";
    };
  }
}
