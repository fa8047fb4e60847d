package dev.mesh.node.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorWindowTest {
  @Test
  void summarisesRelativeErrorsWithTheirSignAsBias() {
    ErrorWindow w = new ErrorWindow(16);
    w.add(0.5, 1.0); // promised half: -0.5
    w.add(1.0, 1.0); // exact: 0
    w.add(0.03, 0.66); // the burst: about -0.95
    w.add(3.0, 1.0); // three times too long: +2
    ErrorSummary s = w.summary();
    assertThat(s.tasks()).isEqualTo(4);
    assertThat(s.medianError()).isCloseTo(0.5, within(1e-9));
    assertThat(s.p90Error()).isCloseTo(2.0, within(1e-9));
    assertThat(s.bias()).isCloseTo(-0.5, within(1e-9));
  }

  @Test
  void keepsOnlyTheLatestTasksSoMemoryIsBounded() {
    ErrorWindow w = new ErrorWindow(3);
    for (int i = 0; i < 100; i++) {
      w.add(10, 1); // old, far off
    }
    w.add(1, 1);
    w.add(1, 1);
    w.add(1, 1);
    assertThat(w.summary()).isEqualTo(new ErrorSummary(3, 0.0, 0.0, 0.0));
  }

  @Test
  void anEmptyWindowSaysSoInsteadOfZero() {
    assertThat(new ErrorWindow(4).summary().tasks()).isZero();
    assertThat(new ErrorWindow(4).summary().medianError()).isNaN();
  }
}
