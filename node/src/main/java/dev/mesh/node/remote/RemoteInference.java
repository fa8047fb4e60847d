package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.engine.Constraint;
import dev.mesh.node.engine.GenerateResult;
import dev.mesh.node.engine.Prompt;
import dev.mesh.node.inference.OutputGrammar;
import dev.mesh.node.inference.OutputReader;
import dev.mesh.node.inference.StopSignal;
import dev.mesh.node.inference.TaskPrompts;
import dev.mesh.protocol.routing.TokenEstimate;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.PromptTemplate;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one task on a remote model: the same prompts as a local run ({@link TaskPrompts}, sent as chat messages — the
 * remote applies its model's template), its output held by the remote's structured output (a JSON Schema; a
 * classify's labels become an enum) and read back as a local run's is ({@link OutputReader}). Each call's
 * measures go into the model's stats.
 */
public final class RemoteInference {
  private static final String LABEL = "label";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final String nodeName;
  private final Clock clock;

  public RemoteInference(String nodeName, Clock clock) {
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public Future<TaskResult> run(Task task, RemoteEngine engine, RemoteModel model, Consumer<String> onText) {
    return run(task, engine, model, onText, StopSignal.none());
  }

  /** @param stop resets the chat call under way (an embedding is short and runs to its end); the call then fails */
  public Future<TaskResult> run(Task task, RemoteEngine engine, RemoteModel model, Consumer<String> onText,
      StopSignal stop) {
    long startedAt = clock.millis();
    long queuedMs = Math.max(0, startedAt - task.acceptedAt().toEpochMilli());
    TaskRequest req = task.request();
    if (req.kind() == TaskKind.EMBED) {
      return engine.client().embed(model.id(), req.input()).map(e -> {
        int tokens = e.tokens() > 0 ? e.tokens() : TokenEstimate.promptTokens(req);
        model.stats().embedded(e, tokens);
        Usage usage = new Usage(tokens, 0);
        return TaskResult.embedded(e.vector(), usage, Timings.of(queuedMs, e.totalMs(), 0, sinceAccepted(task), usage),
            nodeName, model.id(), false);
      });
    }
    Constraint constraint = OutputGrammar.of(req);
    boolean labelled = constraint instanceof Constraint.Grammar;
    RemoteCall call = call(req, model.id(), labelled ? labelSchema(req.labels()) : schemaOf(constraint));
    return engine.client().chat(call, labelled ? piece -> { } : onText, stop).map(reply -> {
      model.stats().answered(reply);
      String text = labelled ? unwrapLabel(reply.text()) : reply.text();
      GenerateResult g = new GenerateResult(text, reply.promptTokens(), reply.completionTokens(), reply.firstTokenMs(),
          reply.totalMs() - reply.firstTokenMs(), reply.stopReason(), PromptTemplate.MODEL);
      Usage usage = new Usage(g.promptTokens(), g.completionTokens());
      Timings timings = Timings.of(queuedMs, g.prefillMs(), g.decodeMs(), sinceAccepted(task), usage);
      TaskResult generated = TaskResult.generated(text, usage, timings, nodeName, model.id(), false)
          .withTemplate(PromptTemplate.MODEL);
      return OutputReader.read(req, g, generated);
    });
  }

  static RemoteCall call(TaskRequest req, String model, JsonNode format) {
    TaskParams p = req.paramsOrDefaults();
    boolean choice = req.kind() == TaskKind.CLASSIFY || req.kind() == TaskKind.SCORE;
    return new RemoteCall(model, messages(TaskPrompts.of(req)), TokenEstimate.maxTokens(req),
        choice ? 0.0 : p.temperatureOrDefault(), p.topP(), p.seed(), p.stopOrDefault(), format);
  }

  /** A generate prompt goes as the user's message: remote APIs are chat APIs, and raw completion is rare among them. */
  private static List<ChatMessage> messages(Prompt prompt) {
    return prompt instanceof Prompt.Chat chat ? chat.messages()
        : List.of(ChatMessage.user(((Prompt.Text) prompt).text()));
  }

  private static JsonNode schemaOf(Constraint constraint) {
    return constraint instanceof Constraint.JsonSchema s ? s.schema() : null;
  }

  /** Remotes take JSON Schemas, not grammars: a classify answers {@code {"label": one of them}}. */
  static JsonNode labelSchema(List<String> labels) {
    ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
    var label = schema.putObject("properties").putObject(LABEL).put("type", "string").putArray("enum");
    labels.forEach(label::add);
    schema.putArray("required").add(LABEL);
    return schema.put("additionalProperties", false);
  }

  /** The label out of {@code {"label": "spam"}}; anything else is left for the reader to reject. */
  static String unwrapLabel(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.path(LABEL).isTextual() ? node.path(LABEL).asText() : text;
    } catch (java.io.IOException e) {
      return text;
    }
  }

  private long sinceAccepted(Task task) {
    return Math.max(0, clock.millis() - task.acceptedAt().toEpochMilli());
  }
}
