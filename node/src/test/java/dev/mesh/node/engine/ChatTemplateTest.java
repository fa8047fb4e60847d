package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.PromptTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat prompts reach the engine in the model's own template: models written with the official ChatML, Llama 3 and
 * Gemma templates, a real engine each; what it rendered is asserted character by character, and a generation from
 * the same messages is asserted to have tokenized exactly that (its prompt token count).
 */
class ChatTemplateTest {
  private static final long TIMEOUT_S = 30;
  private static final Prompt SYSTEM_AND_USER = Prompt.chat(List.of(
      ChatMessage.system("Be brief."), ChatMessage.user("Hi there")));

  @TempDir
  Path dir;

  @Test
  void chatmlModelGetsChatml() throws Exception {
    assertRendered(ModelFixtures.withTemplate(dir, "chatml", ModelFixtures.CHATML), PromptTemplate.MODEL,
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void llama3ModelGetsHeadersAndEndOfTurn() throws Exception {
    assertRendered(ModelFixtures.withTemplate(dir, "llama3", ModelFixtures.LLAMA3), PromptTemplate.MODEL,
        "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  /** Gemma has no system role: the system message leads the first user turn, and the engine does not abort. */
  @Test
  void gemmaModelGetsTheSystemMessageInTheUserTurn() throws Exception {
    assertRendered(ModelFixtures.withTemplate(dir, "gemma", ModelFixtures.GEMMA), PromptTemplate.MODEL,
        "<start_of_turn>user\nBe brief.\n\nHi there<end_of_turn>\n<start_of_turn>model\n");
  }

  @Test
  void modelWithoutTemplateGetsThePlainFormat() throws Exception {
    assertRendered(ModelFixtures.write(dir, "none", w -> w), PromptTemplate.PLAIN,
        "System: Be brief.\nUser: Hi there\nAssistant:");
  }

  /** llama.cpp would render an unknown template as ChatML without a word; the engine says plain instead. */
  @Test
  void templateLlamaCppDoesNotKnowFallsBackToPlainAndSaysWhy() throws Exception {
    Path model = ModelFixtures.withTemplate(dir, "unknown", ModelFixtures.UNKNOWN);
    try (EngineProcess engine = EngineProcess.start(spec(model))) {
      LoadResult loaded = engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(loaded.template()).isEqualTo(PromptTemplate.PLAIN);
      assertThat(loaded.templateNote()).contains("does not recognise");
      assertThat(engine.render(SYSTEM_AND_USER).get(TIMEOUT_S, TimeUnit.SECONDS).text())
          .isEqualTo("System: Be brief.\nUser: Hi there\nAssistant:");
    }
  }

  @Test
  void rawTextIsSentAsWritten() throws Exception {
    try (EngineProcess engine = EngineProcess.start(spec(ModelFixtures.withTemplate(dir, "raw", ModelFixtures.CHATML)))) {
      engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
      RenderedPrompt raw = engine.render(Prompt.text("Once upon")).get(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(raw.text()).isEqualTo("Once upon");
      assertThat(raw.template()).isEqualTo(PromptTemplate.RAW);
    }
  }

  private void assertRendered(Path model, PromptTemplate expected, String text) throws Exception {
    try (EngineProcess engine = EngineProcess.start(spec(model))) {
      LoadResult loaded = engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(loaded.template()).isEqualTo(expected);
      RenderedPrompt rendered = engine.render(SYSTEM_AND_USER).get(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(rendered.text()).isEqualTo(text);
      assertThat(rendered.template()).isEqualTo(expected);
      GenerateResult generated = engine.generate(GenerateRequest.greedy(SYSTEM_AND_USER, 2), t -> { })
          .get(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(generated.template()).isEqualTo(expected);
      assertThat(generated.promptTokens()).as("tokens the generation's prompt had").isEqualTo(rendered.tokens())
          .isGreaterThan(text.length() / 4);
    }
  }

  private EngineSpec spec(Path model) {
    return EngineSpec.of(model, dir.resolve("engine-" + model.getFileName())).withContext(512, 1, 512);
  }
}
