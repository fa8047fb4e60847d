package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {
  private static final List<String> LABELS = List.of("ok", "warning", "critical");

  @Test
  void picksTheLabelTheModelNamesFirst() {
    assertThat(LabelMatcher.match(" Critical, not a warning", LABELS)).isEqualTo(new LabelMatcher.Match("critical", true));
  }

  @Test
  void fallsBackToTheLongestSharedPrefixAndSaysSo() {
    assertThat(LabelMatcher.match("warn", LABELS)).isEqualTo(new LabelMatcher.Match("warning", false));
  }

  @Test
  void fallsBackToTheFirstLabelWhenNothingMatches() {
    assertThat(LabelMatcher.match("33333", LABELS).label()).isEqualTo("ok");
  }
}
