package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.engine.Constraint;
import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.node.engine.Prompt;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceRunnerTest {
  @Test
  void classifyIsAGreedyChatHeldToTheLabelsWhateverTheParamsSay() {
    TaskRequest req = TaskRequest.classify("disk full", List.of("ok", "bad"))
        .withParams(new TaskParams(1.5, 1, null, null, null));
    GenerateRequest g = InferenceRunner.generateRequest(req);
    assertThat(g.temperature()).isZero();
    assertThat(g.maxTokens()).as("room to spell the longest label").isGreaterThanOrEqualTo(3);
    Prompt.Chat chat = (Prompt.Chat) g.prompt();
    assertThat(chat.messages().get(0)).isEqualTo(ChatMessage.system(
        "Classify the user's text into exactly one of these labels: ok, bad. Answer with the label only."));
    assertThat(chat.messages().get(1)).isEqualTo(ChatMessage.user("disk full"));
    assertThat(g.constraint()).isEqualTo(new Constraint.Grammar("root ::= \"ok\" | \"bad\""));
  }

  @Test
  void chatMessagesGoToTheEngineAsMessages() {
    List<ChatMessage> messages = List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"));
    GenerateRequest g = InferenceRunner.generateRequest(TaskRequest.chat(messages));
    assertThat(g.prompt()).isEqualTo(Prompt.chat(messages));
    assertThat(g.constraint()).isEqualTo(Constraint.NONE);
  }

  @Test
  void scoreIsHeldToItsRangeAndAsksForTheReasonWhenWanted() {
    TaskRequest req = TaskRequest.score("a paper on solar", new Scoring(1, 5, "relevance to energy", true));
    GenerateRequest g = InferenceRunner.generateRequest(req);
    Constraint.JsonSchema schema = (Constraint.JsonSchema) g.constraint();
    assertThat(schema.schema().at("/properties/score/minimum").asInt()).isEqualTo(1);
    assertThat(schema.schema().at("/properties/score/maximum").asInt()).isEqualTo(5);
    assertThat(schema.schema().at("/required").toString()).isEqualTo("[\"score\",\"reason\"]");
    assertThat(((Prompt.Chat) g.prompt()).messages().get(0).content()).contains("from 1 to 5 for: relevance to energy");
  }

  @Test
  void generateKeepsTheCallersPromptAndParams() {
    GenerateRequest g = InferenceRunner.generateRequest(TaskRequest.generate("Once")
        .withParams(new TaskParams(0.0, 12, List.of("."), 7L, 0.9)));
    assertThat(g.prompt()).isEqualTo(Prompt.text("Once"));
    assertThat(g.maxTokens()).isEqualTo(12);
    assertThat(g.stop()).containsExactly(".");
    assertThat(g.seed()).isEqualTo(7L);
  }
}
