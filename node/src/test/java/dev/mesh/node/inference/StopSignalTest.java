package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopSignalTest {
  @Test
  void aStopAskedBeforeTheCallIsArmedActsWhenItIs() {
    StopSignal signal = new StopSignal();
    AtomicInteger stops = new AtomicInteger();
    signal.stop();
    assertThat(stops).hasValue(0);
    signal.arm(stops::incrementAndGet);
    assertThat(stops).hasValue(1);
  }

  @Test
  void anArmedCallIsStoppedOnceHoweverOftenAsked() {
    StopSignal signal = new StopSignal();
    AtomicInteger stops = new AtomicInteger();
    signal.arm(stops::incrementAndGet);
    assertThat(signal.stopped()).isFalse();
    signal.stop();
    signal.stop();
    assertThat(stops).hasValue(1);
    assertThat(signal.stopped()).isTrue();
  }
}
