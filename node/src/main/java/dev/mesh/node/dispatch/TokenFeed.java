package dev.mesh.node.dispatch;

import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.security.SealedBus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Text as it is generated goes out on the event bus, to wherever the task is being streamed; each piece says where
 * in the text it starts, so a follower that missed one knows. A piece goes out at once when none went out in the last
 * {@link #GAP_MS}; text that comes faster waits for the gap (a timer sends it) and goes out together. A small model
 * makes a token every millisecond: one clustered, sealed message per token cost the node more than the generation,
 * and a reader sees no difference at 20 ms. {@link #flush} sends what waits; call it before the outcome is stored,
 * so a follower has all the text before it hears the end.
 */
final class TokenFeed implements Consumer<String> {
  static final long GAP_MS = 20;
  private final Vertx vertx;
  private final SealedBus bus;
  private final String address;
  private final String nodeName;
  private final LongSupplier nanoClock;
  private final StringBuilder waiting = new StringBuilder();
  private int offset;
  private long lastSentNanos;
  private boolean sentAny;
  private boolean timerSet;

  TokenFeed(Vertx vertx, String nodeName, String taskId, LongSupplier nanoClock) {
    this.vertx = vertx;
    this.bus = SealedBus.of(vertx);
    this.address = Addresses.tokens(taskId);
    this.nodeName = nodeName;
    this.nanoClock = nanoClock;
  }

  static TokenFeed of(Vertx vertx, String nodeName, String taskId) {
    return new TokenFeed(vertx, nodeName, taskId, System::nanoTime);
  }

  @Override
  public synchronized void accept(String text) {
    waiting.append(text);
    long sinceMs = (nanoClock.getAsLong() - lastSentNanos) / 1_000_000;
    if (!sentAny || sinceMs >= GAP_MS) {
      send();
    } else if (!timerSet) {
      timerSet = true;
      vertx.setTimer(GAP_MS - sinceMs, t -> flush());
    }
  }

  /** Sends the text still waiting, if any. */
  synchronized void flush() {
    timerSet = false;
    if (waiting.length() > 0) {
      send();
    }
  }

  private void send() {
    String text = waiting.toString();
    waiting.setLength(0);
    bus.publish(address, new JsonObject().put("node", nodeName).put("offset", offset).put("text", text)
        .toBuffer().getBytes());
    offset += text.length();
    lastSentNanos = nanoClock.getAsLong();
    sentAny = true;
  }
}
