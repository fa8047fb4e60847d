package dev.mesh.node.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.engine.GenerateResult;
import dev.mesh.protocol.task.JsonSchemas;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import java.util.List;

/**
 * Reads what a held generation wrote into its result: the label, the score, the JSON. The grammar should make
 * each read succeed; one that doesn't (most often: the token budget ran out before the JSON closed) fails the
 * task with {@link OutputRejected}, never a guess.
 */
public final class OutputReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputReader() {}

  /** Adds what the kind reads from the text to a generated result (whose output is the raw text). */
  public static TaskResult read(TaskRequest req, GenerateResult g, TaskResult generated) {
    if (req.constrainedToSchema()) {
      JsonNode data = json(g, "output");
      List<String> violations = JsonSchemas.violations(req.schema(), data);
      if (!violations.isEmpty()) {
        throw new OutputRejected("the output breaks the schema: " + String.join("; ", violations));
      }
      return generated.withData(data);
    }
    return switch (req.kind()) {
      case CLASSIFY -> classified(req, g, generated);
      case SCORE -> scored(req.scoringOrDefaults(), g, generated);
      default -> generated;
    };
  }

  private static TaskResult classified(TaskRequest req, GenerateResult g, TaskResult generated) {
    String label = req.labels().stream().filter(l -> l.equals(g.text().strip()) || l.equals(g.text()))
        .findFirst().orElseThrow(() -> new OutputRejected("the model wrote '" + abbreviate(g.text())
            + "', which is none of the labels"));
    return generated.withLabel(label);
  }

  private static TaskResult scored(Scoring s, GenerateResult g, TaskResult generated) {
    JsonNode answer = json(g, "score");
    JsonNode score = answer.path("score");
    if (!score.isIntegralNumber() || score.asLong() < s.minOrDefault() || score.asLong() > s.maxOrDefault()) {
      throw new OutputRejected("the score " + score + " is not an integer in [" + s.minOrDefault() + ", "
          + s.maxOrDefault() + "]");
    }
    String reason = answer.path("reason").isTextual() ? answer.path("reason").asText() : null;
    if (s.reasonOrDefault() && reason == null) {
      throw new OutputRejected("the answer has no reason: " + abbreviate(g.text()));
    }
    return generated.withScore(score.asInt(), reason).withData(answer);
  }

  private static JsonNode json(GenerateResult g, String what) {
    try {
      JsonNode node = JSON.readTree(g.text());
      if (node == null || node.isMissingNode()) {
        throw new OutputRejected("the " + what + " is empty" + truncatedHint(g));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new OutputRejected("the " + what + " is not JSON (" + e.getOriginalMessage() + "): '"
          + abbreviate(g.text()) + "'" + truncatedHint(g));
    }
  }

  private static String truncatedHint(GenerateResult g) {
    return g.truncated() ? "; it stopped at the token budget (" + g.completionTokens()
        + " tokens) before it was complete: raise params.maxTokens" : "";
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }
}
