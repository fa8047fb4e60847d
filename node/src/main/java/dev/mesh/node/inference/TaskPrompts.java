package dev.mesh.node.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.engine.Prompt;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;

/**
 * The prompt each kind becomes. Everything but generate is a chat — an instruction as the system message, the
 * caller's text as the user's — so the engine formats it with the model's own template. Small local models
 * follow short, explicit instructions best; the grammar ({@link OutputGrammar}) holds the answer's form.
 */
public final class TaskPrompts {
  private TaskPrompts() {}

  public static Prompt of(TaskRequest req) {
    return switch (req.kind()) {
      case GENERATE -> Prompt.text(req.prompt());
      case CHAT -> Prompt.chat(req.messages());
      case SUMMARIZE -> instructed("Summarize the user's text in two or three sentences.", req.prompt());
      case CLASSIFY -> instructed("Classify the user's text into exactly one of these labels: "
          + String.join(", ", req.labels()) + ". Answer with the label only.", req.prompt());
      case SCORE -> instructed(scoreInstruction(req.scoringOrDefaults()), req.prompt());
      case EXTRACT -> instructed(extractInstruction(req.schema()), req.prompt());
      case EMBED -> throw new IllegalArgumentException("embed is not a generation");
    };
  }

  private static Prompt instructed(String instruction, String text) {
    return Prompt.chat(List.of(ChatMessage.system(instruction), ChatMessage.user(text.strip())));
  }

  private static String scoreInstruction(Scoring s) {
    String answer = s.reasonOrDefault()
        ? "{\"score\": <integer>, \"reason\": \"<one short sentence>\"}"
        : "{\"score\": <integer>}";
    return "Rate the user's text from " + s.minOrDefault() + " to " + s.maxOrDefault() + " for: "
        + s.criteriaOrDefault() + ". Answer with JSON only: " + answer;
  }

  private static String extractInstruction(JsonNode schema) {
    return "Extract the fields described by this JSON Schema from the user's text. Answer with JSON only.\n"
        + "Schema: " + schema;
  }
}
