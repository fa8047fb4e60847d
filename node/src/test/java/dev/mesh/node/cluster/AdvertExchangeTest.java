package dev.mesh.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.TestAdverts;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Load changes come with every task's start and end; adverts carrying them are spaced, none is lost. */
class AdvertExchangeTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBurstOfLoadChangesSendsOneAdvertAtOnceAndOneForTheRestAfterTheGap() throws Exception {
    AtomicInteger built = new AtomicInteger();
    AdvertExchange exchange = new AdvertExchange(vertx, new AdvertBook(Duration.ofSeconds(5), Clock.systemUTC()),
        () -> {
          built.incrementAndGet();
          return TestAdverts.withoutEngine("me");
        });
    AtomicInteger heard = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.ADVERTS, m -> heard.incrementAndGet());
    CompletableFuture<Void> burst = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      for (int i = 0; i < 50; i++) {
        exchange.publishSoon(); // 25 tasks started and ended
      }
      burst.complete(null);
    });
    burst.get(5, TimeUnit.SECONDS);
    assertThat(built.get()).as("the first change goes out at once").isEqualTo(1);

    Thread.sleep(AdvertExchange.LOAD_ADVERT_GAP_MS * 3);
    assertThat(built.get()).as("the other 49 changes in one advert after the gap").isEqualTo(2);
    assertThat(heard.get()).isEqualTo(2);

    CompletableFuture<Void> later = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      exchange.publishSoon();
      later.complete(null);
    });
    later.get(5, TimeUnit.SECONDS);
    assertThat(built.get()).as("a change after a quiet gap goes out at once").isEqualTo(3);
  }
}
