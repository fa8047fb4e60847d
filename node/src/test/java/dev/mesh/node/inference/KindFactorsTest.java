package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.task.TaskKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindFactorsTest {
  private final KindFactors factors = new KindFactors();

  @Test
  void learnsPerKindHowLongTasksTookAgainstThePrediction() {
    factors.observe(TaskKind.SCORE, 0.2, 0.04); // held to a grammar: five times its tokens
    factors.observe(TaskKind.CHAT, 0.02, 0.04); // stopped early
    assertThat(factors.of(TaskKind.SCORE)).isCloseTo(5, within(1e-9));
    assertThat(factors.of(TaskKind.CHAT)).isCloseTo(0.5, within(1e-9));
    assertThat(factors.of(TaskKind.EMBED)).as("never seen: the speeds alone").isEqualTo(1);
    factors.observe(TaskKind.SCORE, 0.08, 0.04);
    assertThat(factors.of(TaskKind.SCORE)).as("moves a fifth of the way").isCloseTo(5 + 0.2 * (2 - 5), within(1e-9));
    assertThat(factors.byWireName()).isEqualTo(Map.of("score", 4.4, "chat", 0.5));
  }

  @Test
  void ignoresSamplesWithNothingPredictedAndBoundsHiccups() {
    factors.observe(TaskKind.SCORE, 1, 0);
    assertThat(factors.of(TaskKind.SCORE)).isEqualTo(1);
    factors.observe(TaskKind.SCORE, 1000, 0.001);
    assertThat(factors.of(TaskKind.SCORE)).isEqualTo(KindFactors.MAX_FACTOR);
  }

  @Test
  void aTaskSlowedByOtherWorkMovesAMeasuredKindOnlyAStepAtATime() {
    factors.observe(TaskKind.SCORE, 0.5, 0.1); // 5x: held to a grammar
    factors.observe(TaskKind.SCORE, 40, 0.1); // the machine was busy with a build: 400x
    assertThat(factors.of(TaskKind.SCORE)).isCloseTo(5 + 0.2 * (5 * KindFactors.MAX_STEP - 5), within(1e-9));
    double raised = factors.of(TaskKind.SCORE);
    factors.observe(TaskKind.SCORE, 0.01, 0.1); // a fall is taken as it comes
    assertThat(factors.of(TaskKind.SCORE)).isCloseTo(raised + 0.2 * (0.1 - raised), within(1e-9));
  }
}
