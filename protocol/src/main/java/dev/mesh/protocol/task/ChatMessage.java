package dev.mesh.protocol.task;

import java.util.List;

/** One turn of a chat; role is system, user or assistant (checked by {@link TaskValidator}). */
public record ChatMessage(String role, String content) {
  public static final String SYSTEM = "system";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
  public static final List<String> ROLES = List.of(SYSTEM, USER, ASSISTANT);

  public static ChatMessage system(String content) {
    return new ChatMessage(SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(ASSISTANT, content);
  }
}
