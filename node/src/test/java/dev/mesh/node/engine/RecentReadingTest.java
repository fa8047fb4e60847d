package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentReadingTest {
  @Test
  void readsAgainOnlyOnceTheIntervalIsOver() {
    AtomicLong now = new AtomicLong(0);
    AtomicLong reads = new AtomicLong();
    RecentReading rss = new RecentReading(() -> 100 + reads.incrementAndGet(), 1000, now::get);
    assertThat(rss.get()).isEqualTo(101);
    now.set(999_000_000L);
    assertThat(rss.get()).as("within the interval: the last reading").isEqualTo(101);
    now.set(1_000_000_000L);
    assertThat(rss.get()).isEqualTo(102);
    assertThat(reads.get()).isEqualTo(2);
  }
}
