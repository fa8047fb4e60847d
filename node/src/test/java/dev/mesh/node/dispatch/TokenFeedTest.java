package dev.mesh.node.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.cluster.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Text generated faster than one piece per gap goes out together, in order, none of it lost. */
class TokenFeedTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void piecesWithinTheGapGoOutTogetherAfterItAndASlowPieceAtOnce() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    vertx.eventBus().<io.vertx.core.buffer.Buffer>consumer(Addresses.tokens("t-1"), m -> {
      JsonObject piece = m.body().toJsonObject();
      heard.add(piece.getInteger("offset") + ":" + piece.getString("text"));
    }).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    AtomicLong now = new AtomicLong(1_000_000_000L);
    TokenFeed feed = new TokenFeed(vertx, "me", "t-1", now::get);

    feed.accept("Once");
    now.addAndGet(2_000_000);
    feed.accept(" upon");
    now.addAndGet(2_000_000);
    feed.accept(" a");
    Thread.sleep(TokenFeed.GAP_MS * 5); // the timer sends what waited
    now.addAndGet(100_000_000);
    feed.accept(" time");
    feed.flush(); // nothing waits: nothing more goes out
    Thread.sleep(50);

    assertThat(heard).containsExactly("0:Once", "4: upon a", "11: time");
  }

  @Test
  void flushSendsWhatWaitsBeforeTheEnd() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    vertx.eventBus().<io.vertx.core.buffer.Buffer>consumer(Addresses.tokens("t-2"),
        m -> heard.add(m.body().toJsonObject().getString("text")))
        .completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    AtomicLong now = new AtomicLong(0);
    TokenFeed feed = new TokenFeed(vertx, "me", "t-2", now::get);
    feed.accept("a");
    feed.accept("b");
    feed.accept("c");
    feed.flush();
    Thread.sleep(50);
    assertThat(heard).containsExactly("a", "bc");
  }
}
