package dev.mesh.bench.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.process.HttpJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One setting of the benchmark: the engine nodes (each serving model id {@link #MODEL} from its own GGUF, so their
 * speeds really differ), the watts each declares busy, and the tasks sent at once.
 */
record SpeedCase(String name, Map<String, ObjectNode> engineNodes, Map<String, Double> busyWatts,
    List<JsonNode> tasks) {
  static final String MODEL = "m";

  /** One engine thread each: three engines already share this machine's cores with the nodes. */
  static ObjectNode engineNode(Path model, String tier, double busyWatts) {
    ObjectNode c = HttpJson.JSON.createObjectNode();
    c.putObject("engine").put("threads", 1);
    c.putObject("power").put("idleWatts", 0).put("busyWatts", busyWatts);
    c.putArray("models").addObject().put("path", model.toString()).put("id", MODEL).put("tier", tier);
    return c;
  }

  static Map<String, Double> watts(Map<String, ObjectNode> nodes) {
    Map<String, Double> watts = new LinkedHashMap<>();
    nodes.forEach((name, c) -> watts.put(name, c.path("power").path("busyWatts").asDouble()));
    return watts;
  }

  /** {@code count} chats of {@code maxTokens} tokens, each a little different. */
  static List<JsonNode> chats(int count, int maxTokens) {
    List<JsonNode> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ObjectNode chat = HttpJson.JSON.createObjectNode().put("kind", "chat");
      chat.putArray("messages").addObject().put("role", "user").put("content", "Tell me about item " + i + ".");
      chat.putObject("params").put("maxTokens", maxTokens);
      tasks.add(chat);
    }
    return tasks;
  }
}
