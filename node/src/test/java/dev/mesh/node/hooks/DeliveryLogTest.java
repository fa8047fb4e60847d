package dev.mesh.node.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLogTest {
  @TempDir Path dir;

  @Test
  void aDeliveryIdIsARepeatForItsHookEvenAfterARestartUntilItIsForgotten() throws Exception {
    Clock t0 = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    DeliveryLog log = new DeliveryLog(dir, null, t0);
    assertThat(log.firstTime("feed", "d-1", 600)).isTrue();
    assertThat(log.firstTime("feed", "d-1", 600)).isFalse();
    assertThat(log.firstTime("other", "d-1", 600)).as("per hook").isTrue();

    DeliveryLog restarted = new DeliveryLog(dir, null, t0);
    assertThat(restarted.firstTime("feed", "d-1", 600)).as("remembered on disk").isFalse();

    Clock later = Clock.fixed(Instant.parse("2026-11-21T10:10:01Z"), ZoneOffset.UTC);
    assertThat(new DeliveryLog(dir, null, later).firstTime("feed", "d-1", 600)).as("forgotten after keep").isTrue();
  }
}
