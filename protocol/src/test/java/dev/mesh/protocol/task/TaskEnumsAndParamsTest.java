package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEnumsAndParamsTest {
  @Test
  void everyKindButEmbedIsGenerative() {
    assertThat(TaskKind.values()).filteredOn(k -> !k.generative()).containsExactly(TaskKind.EMBED);
  }

  @Test
  void parsesKindIgnoringCaseAndListsValidKindsOnFailure() {
    assertThat(TaskKind.parse("Chat")).isEqualTo(TaskKind.CHAT);
    assertThatThrownBy(() -> TaskKind.parse("translate"))
        .hasMessage("unknown kind 'translate'; expected one of generate, chat, embed, classify, summarize, score, extract");
  }

  @Test
  void onlySucceededFailedExpiredAndCancelledAreTerminal() {
    assertThat(TaskState.values()).filteredOn(TaskState::terminal)
        .containsExactly(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.EXPIRED, TaskState.CANCELLED);
    assertThat(TaskState.CANCELLED.wire()).isEqualTo("cancelled");
  }

  @Test
  void paramsFallBackToNamedDefaults() {
    TaskParams none = new TaskParams(null, null, null, null, null);
    assertThat(none.temperatureOrDefault()).isEqualTo(0.8);
    assertThat(none.maxTokensOrDefault()).isEqualTo(128);
    assertThat(none.topPOrDefault()).isEqualTo(TaskParams.DEFAULT_TOP_P);
    assertThat(none.stopOrDefault()).isEmpty();
    assertThat(TaskParams.defaults().maxTokens()).isEqualTo(TaskParams.DEFAULT_MAX_TOKENS);
    assertThat(TaskRequest.generate("x").paramsOrDefaults()).isEqualTo(TaskParams.defaults());
  }

  @Test
  void requestTextIsTheFieldItsKindReads() {
    assertThat(TaskRequest.generate("p").text()).isEqualTo("p");
    assertThat(TaskRequest.embed("i").text()).isEqualTo("i");
    assertThat(TaskRequest.chat(List.of(ChatMessage.system("s"), ChatMessage.user("u"))).text()).isEqualTo("s\nu");
    assertThat(TaskRequest.chat(null).text()).isEmpty();
  }

  @Test
  void requestedModelPrefersTopLevelModel() {
    TaskRequest r = TaskRequest.generate("x").withRequirements(new Requirements("b", null, null, false));
    assertThat(r.requestedModel()).isEqualTo("b");
    assertThat(r.withModel("a").requestedModel()).isEqualTo("a");
  }

  @Test
  void requestListsAreImmutableCopies() {
    List<String> labels = new java.util.ArrayList<>(List.of("a", "b"));
    TaskRequest r = TaskRequest.classify("x", labels);
    labels.add("c");
    assertThat(r.labels()).containsExactly("a", "b");
    assertThatThrownBy(() -> r.labels().add("d")).isInstanceOf(UnsupportedOperationException.class);
  }
}
