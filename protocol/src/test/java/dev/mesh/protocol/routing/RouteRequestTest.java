package dev.mesh.protocol.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteRequestTest {
  private static final String TEXT_30_BYTES = "abcdefghijklmnopqrstuvwxyz1234";

  private static TaskParams maxTokens(int n) {
    return new TaskParams(null, n, null, null, null);
  }

  @Test
  void embedCostsItsInputAndGeneratesNothing() {
    RouteRequest r = RouteRequest.of(TaskRequest.embed(TEXT_30_BYTES).withParams(maxTokens(500)), Objective.FASTEST);
    assertThat(r.kind()).isEqualTo(TaskKind.EMBED);
    assertThat(r.promptTokens()).isEqualTo(10 + 1);
    assertThat(r.maxTokens()).isZero();
  }

  @Test
  void generateCostsItsPromptAndDefaultMaxTokens() {
    RouteRequest r = RouteRequest.of(TaskRequest.generate(TEXT_30_BYTES), Objective.FASTEST);
    assertThat(r.promptTokens()).isEqualTo(11);
    assertThat(r.maxTokens()).isEqualTo(TaskParams.DEFAULT_MAX_TOKENS);
    assertThat(RouteRequest.of(TaskRequest.generate("x").withParams(maxTokens(300)), Objective.FASTEST).maxTokens())
        .isEqualTo(300);
  }

  @Test
  void classifyGeneratesAtMostALabelsWorth() {
    TaskRequest classify = TaskRequest.classify(TEXT_30_BYTES, List.of("spam", "ham"));
    RouteRequest r = RouteRequest.of(classify.withParams(maxTokens(100)), Objective.FASTEST);
    // the longest label ("spam", 4 bytes) spelled a byte a token, and the end of the answer
    assertThat(r.maxTokens()).isEqualTo(4 + TokenEstimate.CLASSIFY_SPARE_TOKENS);
    assertThat(r.promptTokens()).isEqualTo(11 + TokenEstimate.TEMPLATE_TOKENS);
    // a budget too small to spell a label would end in no label: classify ignores maxTokens
    assertThat(RouteRequest.of(classify.withParams(maxTokens(3)), Objective.FASTEST).maxTokens())
        .isEqualTo(4 + TokenEstimate.CLASSIFY_SPARE_TOKENS);
  }

  @Test
  void chatAndSummarizeAddTheirTemplate() {
    RouteRequest chat = RouteRequest.of(TaskRequest.chat(List.of(ChatMessage.user(TEXT_30_BYTES))), Objective.FASTEST);
    assertThat(chat.promptTokens()).isEqualTo(11 + TokenEstimate.TEMPLATE_TOKENS);
    assertThat(chat.maxTokens()).isEqualTo(TaskParams.DEFAULT_MAX_TOKENS);
    RouteRequest summary = RouteRequest.of(TaskRequest.summarize(TEXT_30_BYTES), Objective.FASTEST);
    assertThat(summary.promptTokens()).isEqualTo(11 + TokenEstimate.TEMPLATE_TOKENS);
  }

  @Test
  void takesRequirementsAndTheDefaultObjective() {
    TaskRequest req = TaskRequest.generate("x").withRequirements(new Requirements("qwen", "qwen2", 8192, true));
    RouteRequest r = RouteRequest.of(req, Objective.GREENEST);
    assertThat(r).extracting(RouteRequest::model, RouteRequest::family, RouteRequest::minContext,
        RouteRequest::localOnly, RouteRequest::objective).containsExactly("qwen", "qwen2", 8192, true, Objective.GREENEST);
  }

  @Test
  void topLevelModelWinsAndAbsentRequirementsMeanNone() {
    RouteRequest r = RouteRequest.of(TaskRequest.generate("x").withModel("phi"), Objective.BALANCED);
    assertThat(r).extracting(RouteRequest::model, RouteRequest::family, RouteRequest::minContext,
        RouteRequest::localOnly).containsExactly("phi", null, 0, false);
  }

  @Test
  void neededContextIsPromptPlusMaxTokensOrMinContextWhenLarger() {
    assertThat(new RouteRequest(TaskKind.GENERATE, null, null, 100, 50, 0, false, Objective.FASTEST).neededContext())
        .isEqualTo(150);
    assertThat(new RouteRequest(TaskKind.GENERATE, null, null, 100, 50, 900, false, Objective.FASTEST).neededContext())
        .isEqualTo(900);
    assertThat(new RouteRequest(TaskKind.GENERATE, null, null, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, false,
        Objective.FASTEST).neededContext()).isEqualTo(2L * Integer.MAX_VALUE);
  }

  @Test
  void blankModelOrFamilyMeansAny() {
    RouteRequest r = new RouteRequest(TaskKind.GENERATE, " ", "", 1, 1, 0, false, Objective.FASTEST);
    assertThat(r.model()).isNull();
    assertThat(r.family()).isNull();
  }

  @Test
  void refusesWhatItCannotRouteNamingTheField() {
    assertThatThrownBy(() -> RouteRequest.of(TaskRequest.generate("x"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("defaultObjective must not be null");
    assertThatThrownBy(() -> RouteRequest.of(null, Objective.FASTEST)).hasMessage("req must not be null");
    TaskRequest noKind = new TaskRequest(null, null, "x", null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> RouteRequest.of(noKind, Objective.FASTEST)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("req.kind must not be null; validate the request first");
    assertThatThrownBy(() -> new RouteRequest(TaskKind.EMBED, null, null, -1, 0, 0, false, Objective.FASTEST))
        .hasMessage("token counts must not be negative: promptTokens -1, maxTokens 0, minContext 0");
    assertThatThrownBy(() -> new RouteRequest(null, null, null, 1, 0, 0, false, Objective.FASTEST))
        .hasMessage("kind must not be null");
  }
}
