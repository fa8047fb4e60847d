package dev.mesh.node.dispatch;

import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.security.SealedBus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * Text as it is generated goes out on the event bus, to wherever the task is being streamed; each piece says where
 * in the text it starts, so a follower that missed one knows. One feed per run, called from one thread at a time.
 */
final class TokenFeed {
  private TokenFeed() {}

  static Consumer<String> of(Vertx vertx, String nodeName, String taskId) {
    String address = Addresses.tokens(taskId);
    int[] offset = {0};
    SealedBus bus = SealedBus.of(vertx);
    return text -> {
      bus.publish(address, new JsonObject().put("node", nodeName).put("offset", offset[0]).put("text", text)
          .toBuffer().getBytes());
      offset[0] += text.length();
    };
  }
}
