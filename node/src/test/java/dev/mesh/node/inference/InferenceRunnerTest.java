package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceRunnerTest {
  @Test
  void classifyAsksGreedilyForAFewTokensWhateverTheParamsSay() {
    TaskRequest req = TaskRequest.classify("disk full", List.of("ok", "bad"))
        .withParams(new TaskParams(1.5, 500, null, null, null));
    GenerateRequest g = InferenceRunner.generateRequest(req);
    assertThat(g.temperature()).isZero();
    assertThat(g.maxTokens()).isEqualTo(dev.mesh.protocol.routing.TokenEstimate.CLASSIFY_MAX_TOKENS);
    assertThat(g.prompt()).contains("ok, bad").contains("disk full").endsWith("Label:");
  }

  @Test
  void chatStopsWhereTheModelWouldSpeakForTheUser() {
    GenerateRequest g = InferenceRunner.generateRequest(TaskRequest.chat(List.of(
        ChatMessage.system("Be brief."), ChatMessage.user("Hi"))));
    assertThat(g.prompt()).isEqualTo("System: Be brief.\nUser: Hi\nAssistant:");
    assertThat(g.stop()).contains("\nUser:");
  }

  @Test
  void generateKeepsTheCallersPromptAndParams() {
    GenerateRequest g = InferenceRunner.generateRequest(TaskRequest.generate("Once")
        .withParams(new TaskParams(0.0, 12, List.of("."), 7L, 0.9)));
    assertThat(g.prompt()).isEqualTo("Once");
    assertThat(g.maxTokens()).isEqualTo(12);
    assertThat(g.stop()).containsExactly(".");
    assertThat(g.seed()).isEqualTo(7L);
  }
}
