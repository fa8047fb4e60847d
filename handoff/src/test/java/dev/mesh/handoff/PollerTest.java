package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollerTest {
  @TempDir Path dir;

  @Test
  void scansEveryIntervalAndKeepsGoingAfterAFailedScan() throws Exception {
    AtomicInteger scans = new AtomicInteger();
    Semaphore third = new Semaphore(0);
    try (Poller poller = Poller.start("test-poll", Duration.ofMillis(20), false, List.of(), () -> {
      if (scans.incrementAndGet() == 2) {
        throw new IllegalStateException("one bad pass");
      }
      if (scans.get() == 3) {
        third.release();
      }
    }, e -> { })) {
      assertThat(third.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aNativeChangeEventScansBeforeTheNextInterval() throws Exception {
    Semaphore scanned = new Semaphore(0);
    try (Poller poller = Poller.start("test-watch", Duration.ofHours(1), true, List.of(dir), scanned::release,
        e -> { })) {
      assertThat(scanned.tryAcquire(5, TimeUnit.SECONDS)).as("the first scan at start").isTrue();
      Files.writeString(dir.resolve("t-1.json"), "{}");
      assertThat(scanned.tryAcquire(10, TimeUnit.SECONDS)).as("a scan on the change event").isTrue();
    }
  }
}
