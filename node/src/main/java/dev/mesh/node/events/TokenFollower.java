package dev.mesh.node.events;

import dev.mesh.node.security.Kind;
import dev.mesh.node.security.SealedBus;
import io.vertx.core.buffer.Buffer;
import dev.mesh.node.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Follows the text of one task as its engine makes it, on whichever node it runs. Pieces are passed on only
 * while they arrive in order from the start; after a gap (the follower joined late, or a piece was lost)
 * nothing more is passed on, and the rest of the text comes from the finished task's result instead — see
 * {@link #rest}. So a stream is never wrong, at worst less gradual.
 */
public final class TokenFollower {
  /** Told each in-order piece of text and the node that made it; on the caller's context. */
  @FunctionalInterface
  public interface Listener {
    void text(String node, String text);
  }

  private final MessageConsumer<Buffer> consumer;
  private final StringBuilder passed = new StringBuilder();
  private boolean gap;

  private TokenFollower(Vertx vertx, String taskId, Listener listener) {
    this.consumer = SealedBus.of(vertx).consumer(Addresses.tokens(taskId), Kind.TOKENS, (message, opened) -> {
      JsonObject piece = new JsonObject(Buffer.buffer(opened.payload()));
      String text = piece.getString("text", "");
      if (gap || text.isEmpty()) {
        return;
      }
      if (piece.getInteger("offset", -1) != passed.length()) {
        gap = true;
        return;
      }
      passed.append(text);
      listener.text(piece.getString("node"), text);
    });
  }

  /** Starts following; call on the context the listener should run on. */
  public static TokenFollower follow(Vertx vertx, String taskId, Listener listener) {
    return new TokenFollower(vertx, taskId, listener);
  }

  /** Completes once every node of the cluster would deliver this task's text here. */
  public Future<Void> ready() {
    return consumer.completion();
  }

  /** What the finished text adds to what was passed on ("" when it does not continue it). */
  public String rest(String finalText) {
    String sent = passed.toString();
    return finalText != null && finalText.startsWith(sent) ? finalText.substring(sent.length()) : "";
  }

  public void stop() {
    consumer.unregister();
  }
}
