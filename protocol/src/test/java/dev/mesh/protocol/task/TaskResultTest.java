package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskResultTest {
  @Test
  void syntheticResultSaysItsOutputIsNonsense() {
    TaskResult r = TaskResult.generated("qzx", new Usage(1, 1), null, "pi", "synthetic-tiny", true);
    assertThat(r.synthetic()).isTrue();
    assertThat(r.note()).isEqualTo("synthetic model: random weights, output is nonsense");
  }

  @Test
  void realModelResultHasNoNote() {
    assertThat(TaskResult.generated("hi", new Usage(1, 1), null, "pi", "stories", false).note()).isNull();
  }

  @Test
  void embeddingResultsWithEqualVectorsAreEqual() {
    TaskResult a = TaskResult.embedded(new float[] {0.5f, -1f}, new Usage(3, 0), null, "pi", "m", false);
    TaskResult b = TaskResult.embedded(new float[] {0.5f, -1f}, new Usage(3, 0), null, "pi", "m", false);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.embeddingArray()).containsExactly(0.5f, -1f);
    assertThat(a.output()).isNull();
  }

  @Test
  void embeddingCannotBeChangedThroughTheSourceArray() {
    float[] v = {1f, 2f};
    TaskResult r = TaskResult.embedded(v, new Usage(1, 0), null, "pi", "m", false);
    v[0] = 9f;
    r.embeddingArray()[1] = 9f;
    assertThat(r.embeddingArray()).containsExactly(1f, 2f);
  }

  @Test
  void classifiedResultCarriesLabelAndRawOutput() {
    TaskResult r = TaskResult.classified("positive", "Positive.", new Usage(9, 2), null, "pi", "m", false);
    assertThat(r.label()).isEqualTo("positive");
    assertThat(r.output()).isEqualTo("Positive.");
  }

  @Test
  void timingsCountDecodeSpeedOverTheTokensAfterTheFirstAndSurviveZeroDurations() {
    Timings t = Timings.of(5, 200, 1000, 1300, new Usage(50, 21)); // the first token comes with prefill
    assertThat(t.prefillTokensPerSecond()).isEqualTo(250.0);
    assertThat(t.decodeTokensPerSecond()).isEqualTo(20.0);
    assertThat(Timings.of(0, 0, 0, 0, new Usage(5, 5)).decodeTokensPerSecond()).isZero();
  }

  @Test
  void usageRefusesNegativeCounts() {
    assertThatThrownBy(() -> new Usage(-1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prompt -1");
  }
}
