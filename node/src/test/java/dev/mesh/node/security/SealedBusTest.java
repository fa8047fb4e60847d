package dev.mesh.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.seal.KeyedSealing;
import dev.mesh.protocol.seal.MeshKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sealed bus on one real (local) Vert.x: every handler of a message opens it once; replays and plain bodies never reach one. */
class SealedBusTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void twoHandlersOfOneAddressEachGetAPublishedMessageButNeitherItsReplayNorAPlainOne() throws Exception {
    MeshSecurity security = new MeshSecurity(new KeyedSealing(MeshKey.generate(), Optional.empty(), Instant.now(),
        "pi", Duration.ofMinutes(5), Clock.systemUTC()), new UntrustedLog(Clock.systemUTC()));
    SealedBus bus = SealedBus.install(vertx, security);
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    bus.consumer("mesh.task.t1.tokens", Kind.TOKENS, (m, opened) -> first.add(opened.text()));
    bus.consumer("mesh.task.t1.tokens", Kind.TOKENS, (m, opened) -> second.add(opened.text()));
    Buffer[] wire = {null};
    vertx.eventBus().<Buffer>consumer("mesh.task.t1.tokens", m -> wire[0] = wire[0] == null ? m.body() : wire[0]);
    bus.publish("mesh.task.t1.tokens", "Once".getBytes(StandardCharsets.UTF_8));
    awaitSize(first, 1);
    awaitSize(second, 1);
    vertx.eventBus().publish("mesh.task.t1.tokens", wire[0]); // the same bytes again: a replay
    vertx.eventBus().publish("mesh.task.t1.tokens", Buffer.buffer("{\"text\":\"injected\"}"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (security.untrusted().counts().get(Kind.TOKENS) < 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(security.untrusted().counts().get(Kind.TOKENS)).isEqualTo(4); // two handlers, two refusals each
    assertThat(first).containsExactly("Once");
    assertThat(second).containsExactly("Once");
    assertThat(security.untrusted().recent()).extracting(r -> r.reason().wire())
        .contains("replayed", "not_sealed");
  }

  private static void awaitSize(List<String> list, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (list.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(list).hasSize(n);
  }
}
