package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpeedEstimateTest {
  @Test
  void startsFromTheBenchmarkAndMovesTowardsRealTasks() {
    SpeedEstimate speed = new SpeedEstimate();
    speed.seed(1000, 100);
    speed.observe(100, 50, 51, 1000); // 2000 tok/s prefill; 50 tokens after the first in 1 s: 50 tok/s
    assertThat(speed.prefillTokensPerSecond()).isCloseTo(1000 + 0.2 * 1000, within(1e-9));
    assertThat(speed.decodeTokensPerSecond()).isCloseTo(100 - 0.2 * 50, within(1e-9));
    assertThat(speed.samples()).isEqualTo(2);
  }

  @Test
  void ignoresTasksTooShortToTime() {
    SpeedEstimate speed = new SpeedEstimate();
    speed.seed(1000, 100);
    speed.observe(31, 1, 4, 1);
    assertThat(speed.prefillTokensPerSecond()).isEqualTo(1000);
    assertThat(speed.decodeTokensPerSecond()).isEqualTo(100);
  }

  @Test
  void takesTheFirstRealSampleWhenNeverBenchmarked() {
    SpeedEstimate speed = new SpeedEstimate();
    speed.observe(40, 10, 11, 100);
    assertThat(speed.decodeTokensPerSecond()).isEqualTo(100);
    assertThat(speed.prefillTokensPerSecond()).isEqualTo(4000);
  }
}
