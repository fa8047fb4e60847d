package dev.mesh.protocol.advert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelNamesTest {
  @Test
  void aNameWithoutATagMeansTheLatestTagAsInOllama() {
    assertThat(ModelNames.answersTo("qwen2.5", "qwen2.5:latest", List.of())).isTrue();
    assertThat(ModelNames.answersTo("qwen2.5:latest", "qwen2.5", List.of())).isTrue();
    assertThat(ModelNames.answersTo("qwen2.5", "qwen2.5:3b", List.of())).as("another tag is another model")
        .isFalse();
  }

  @Test
  void aliasesAnswerTooWithTheirLatestForms() {
    assertThat(ModelNames.of("light-1b", List.of("triage"))).containsExactly("light-1b", "light-1b:latest", "triage",
        "triage:latest");
    assertThat(ModelNames.answersTo("triage:latest", "light-1b", List.of("triage"))).isTrue();
    assertThat(ModelNames.answersTo(null, "light-1b", List.of())).isFalse();
  }
}
