package dev.mesh.node.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLogTest {
  private static final Clock T0 = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  @Test
  void aDeliveryIdIsARepeatForItsHookEvenAfterARestartUntilItIsForgotten() throws Exception {
    DeliveryLog log = new DeliveryLog(dir, dev.mesh.node.cluster.SharedMap.none(), T0);
    assertThat(log.reserve("feed", "d-1", 600)).isTrue();
    log.record("feed", "d-1");
    assertThat(log.reserve("feed", "d-1", 600)).isFalse();
    assertThat(log.reserve("other", "d-1", 600)).as("per hook").isTrue();

    DeliveryLog restarted = new DeliveryLog(dir, dev.mesh.node.cluster.SharedMap.none(), T0);
    assertThat(restarted.reserve("feed", "d-1", 600)).as("remembered on disk").isFalse();

    Clock later = Clock.fixed(Instant.parse("2026-11-21T10:10:01Z"), ZoneOffset.UTC);
    assertThat(new DeliveryLog(dir, dev.mesh.node.cluster.SharedMap.none(), later).reserve("feed", "d-1", 600)).as("forgotten after keep").isTrue();
  }

  @Test
  void aDeliveryRefusedOnTheWayCanBeDeliveredAgainButNotTwiceAtOnce() throws Exception {
    DeliveryLog log = new DeliveryLog(dir, dev.mesh.node.cluster.SharedMap.none(), T0);
    assertThat(log.reserve("feed", "d-2", 600)).isTrue();
    assertThat(log.reserve("feed", "d-2", 600)).as("the same id while the first is being accepted").isFalse();
    log.release("feed", "d-2"); // e.g. every node drained: 503
    assertThat(log.reserve("feed", "d-2", 600)).as("the sender's retry").isTrue();
    assertThat(new DeliveryLog(dir, dev.mesh.node.cluster.SharedMap.none(), T0).reserve("feed", "d-3", 600)).isTrue();
    assertThat(new DeliveryLog(dir, dev.mesh.node.cluster.SharedMap.none(), T0).reserve("feed", "d-2", 600))
        .as("an id never recorded is not remembered across a restart").isTrue();
  }
}
