package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.task.TaskKind;
import java.util.List;
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
    factors.observe(TaskKind.SCORE, 0.04, 0.04);
    assertThat(factors.of(TaskKind.SCORE)).as("moves a fifth of the way").isCloseTo(5 + 0.2 * (1 - 5), within(1e-9));
    assertThat(factors.byWireName(List.of(TaskKind.SCORE, TaskKind.CHAT, TaskKind.EMBED)))
        .isEqualTo(Map.of("score", 4.2, "chat", 0.5));
  }

  @Test
  void brokenPromisesRaiseEveryKindOfTheModelStepByStepAndKeptOnesHoldIt() {
    factors.observe(TaskKind.SCORE, 0.2, 0.04);
    for (int i = 0; i < 20; i++) {
      factors.promised(1, 2); // each task took twice what routing promised (the machine was shared, say)
    }
    assertThat(factors.correction()).isCloseTo(Math.exp(20 * KindFactors.CORRECTION_STEP * Math.log(2)), within(1e-9));
    assertThat(factors.of(TaskKind.SCORE)).isCloseTo(5 * factors.correction(), within(1e-9));
    assertThat(factors.byWireName(List.of(TaskKind.EMBED))).as("a kind not seen yet gets the correction")
        .containsEntry("embed", Math.round(factors.correction() * 1000) / 1000.0);
    double held = factors.correction();
    factors.promised(2, 2);
    assertThat(factors.correction()).isEqualTo(held);
    factors.observe(TaskKind.SCORE, 0.04, 0.04); // the engine's own sample is blended without the correction
    assertThat(factors.of(TaskKind.SCORE)).isCloseTo((5 + 0.2 * (1 - 5)) * held, within(1e-9));
  }

  @Test
  void theCorrectionStaysWithinItsBounds() {
    for (int i = 0; i < 1000; i++) {
      factors.promised(0.01, 10);
    }
    assertThat(factors.correction()).isEqualTo(KindFactors.MAX_CORRECTION);
  }

  @Test
  void ignoresSamplesWithNothingPredictedAndBoundsHiccups() {
    factors.observe(TaskKind.SCORE, 1, 0);
    assertThat(factors.of(TaskKind.SCORE)).isEqualTo(1);
    factors.observe(TaskKind.SCORE, 1000, 0.001);
    assertThat(factors.of(TaskKind.SCORE)).isEqualTo(KindFactors.MAX_FACTOR);
  }
}
