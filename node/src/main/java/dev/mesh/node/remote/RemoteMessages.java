package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mesh.protocol.task.ChatMessage;
import java.util.List;

/** Chat messages as both APIs take them: {@code [{"role": ..., "content": ...}]}. */
final class RemoteMessages {
  private RemoteMessages() {}

  static void into(ArrayNode array, List<ChatMessage> messages) {
    messages.forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
  }
}
