package dev.mesh.node.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TaskOverheadTest {
  @Test
  void takesTheFirstSampleThenMovesByAFifth() {
    TaskOverhead overhead = new TaskOverhead();
    overhead.observe(60, 10); // 50 ms beyond inference
    assertThat(overhead.seconds()).isCloseTo(0.05, within(1e-12));
    overhead.observe(110, 10); // 100 ms
    assertThat(overhead.seconds()).isCloseTo(0.05 + 0.2 * 0.05, within(1e-12));
  }

  @Test
  void neverGoesNegativeWhenClocksDisagree() {
    TaskOverhead overhead = new TaskOverhead();
    overhead.observe(5, 9);
    assertThat(overhead.seconds()).isZero();
  }
}
