package dev.mesh.node.inference;

import dev.mesh.protocol.task.ChatMessage;
import java.util.List;

/**
 * Plain-text prompt templates for the task kinds that are generation underneath. Small local
 * models follow short, explicit instructions best; the templates end where the answer starts.
 */
public final class Prompts {
  private Prompts() {}

  public static String chat(List<ChatMessage> messages) {
    StringBuilder prompt = new StringBuilder();
    for (ChatMessage m : messages) {
      prompt.append(roleLabel(m.role())).append(": ").append(m.content().strip()).append('\n');
    }
    return prompt.append("Assistant:").toString();
  }

  public static String summarize(String text) {
    return "Summarize the following text in two or three sentences.\n\nText:\n" + text.strip() + "\n\nSummary:";
  }

  public static String classify(String text, List<String> labels) {
    return "Classify the text into exactly one of these labels: " + String.join(", ", labels)
        + ".\nAnswer with the label only.\n\nText: " + text.strip() + "\nLabel:";
  }

  /** Chat turns end where the model starts to speak for someone else. */
  public static List<String> chatStops() {
    return List.of("\nUser:", "\nSystem:");
  }

  private static String roleLabel(String role) {
    return switch (role) {
      case ChatMessage.SYSTEM -> "System";
      case ChatMessage.ASSISTANT -> "Assistant";
      default -> "User";
    };
  }
}
