package dev.mesh.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a client POSTs to {@code /v1/tasks}. The text a task works on depends on its kind:
 * generate, summarize, classify, score and extract read {@code prompt} (classify also {@code labels},
 * score {@code scoring}, extract {@code schema}), chat reads {@code messages}, embed reads {@code input};
 * the other text fields are ignored. {@code schema} (a JSON Schema) also holds generate and chat output to it.
 * {@code priority} orders it among the tasks queued for its engine (null: {@link Priority#NORMAL}).
 * Nothing is checked here — a request may be any JSON a client sent; {@link TaskValidator}
 * says what is wrong with it.
 */
public record TaskRequest(
    TaskKind kind,
    String model,
    String prompt,
    List<ChatMessage> messages,
    String input,
    List<String> labels,
    TaskParams params,
    Requirements requirements,
    String idempotencyKey,
    Instant deadline,
    Integer timeoutSeconds,
    Scoring scoring,
    JsonNode schema,
    Priority priority) {

  public TaskRequest {
    messages = Lists.freeze(messages);
    labels = Lists.freeze(labels);
    schema = schema == null || schema.isNull() || schema.isMissingNode() ? null : schema.deepCopy();
  }

  /** A request of no stated priority. */
  public TaskRequest(TaskKind kind, String model, String prompt, List<ChatMessage> messages, String input,
      List<String> labels, TaskParams params, Requirements requirements, String idempotencyKey, Instant deadline,
      Integer timeoutSeconds, Scoring scoring, JsonNode schema) {
    this(kind, model, prompt, messages, input, labels, params, requirements, idempotencyKey, deadline,
        timeoutSeconds, scoring, schema, null);
  }

  /** A request without scoring or schema. */
  public TaskRequest(TaskKind kind, String model, String prompt, List<ChatMessage> messages, String input,
      List<String> labels, TaskParams params, Requirements requirements, String idempotencyKey, Instant deadline,
      Integer timeoutSeconds) {
    this(kind, model, prompt, messages, input, labels, params, requirements, idempotencyKey, deadline,
        timeoutSeconds, null, null);
  }

  public static TaskRequest generate(String prompt) {
    return of(TaskKind.GENERATE, prompt, null, null, null);
  }

  public static TaskRequest summarize(String prompt) {
    return of(TaskKind.SUMMARIZE, prompt, null, null, null);
  }

  public static TaskRequest classify(String prompt, List<String> labels) {
    return of(TaskKind.CLASSIFY, prompt, null, null, labels);
  }

  public static TaskRequest chat(List<ChatMessage> messages) {
    return of(TaskKind.CHAT, null, messages, null, null);
  }

  public static TaskRequest embed(String input) {
    return of(TaskKind.EMBED, null, null, input, null);
  }

  public static TaskRequest score(String prompt, Scoring scoring) {
    return of(TaskKind.SCORE, prompt, null, null, null).withScoring(scoring);
  }

  public static TaskRequest extract(String prompt, JsonNode schema) {
    return of(TaskKind.EXTRACT, prompt, null, null, null).withSchema(schema);
  }

  private static TaskRequest of(
      TaskKind kind, String prompt, List<ChatMessage> messages, String input, List<String> labels) {
    return new TaskRequest(kind, null, prompt, messages, input, labels, null, null, null, null, null);
  }

  public TaskRequest withModel(String newModel) {
    return new TaskRequest(kind, newModel, prompt, messages, input, labels, params, requirements,
        idempotencyKey, deadline, timeoutSeconds, scoring, schema, priority);
  }

  public TaskRequest withParams(TaskParams newParams) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, newParams, requirements,
        idempotencyKey, deadline, timeoutSeconds, scoring, schema, priority);
  }

  public TaskRequest withRequirements(Requirements newRequirements) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, params, newRequirements,
        idempotencyKey, deadline, timeoutSeconds, scoring, schema, priority);
  }

  public TaskRequest withIdempotencyKey(String key) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, params, requirements,
        key, deadline, timeoutSeconds, scoring, schema, priority);
  }

  public TaskRequest withDeadline(Instant newDeadline, Integer newTimeoutSeconds) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, params, requirements,
        idempotencyKey, newDeadline, newTimeoutSeconds, scoring, schema, priority);
  }

  public TaskRequest withScoring(Scoring newScoring) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, params, requirements,
        idempotencyKey, deadline, timeoutSeconds, newScoring, schema, priority);
  }

  public TaskRequest withSchema(JsonNode newSchema) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, params, requirements,
        idempotencyKey, deadline, timeoutSeconds, scoring, newSchema, priority);
  }

  public TaskRequest withPriority(Priority newPriority) {
    return new TaskRequest(kind, model, prompt, messages, input, labels, params, requirements,
        idempotencyKey, deadline, timeoutSeconds, scoring, schema, newPriority);
  }

  /** Never null: the class asked for, or {@link Priority#NORMAL}. */
  public Priority priorityOrNormal() {
    return priority != null ? priority : Priority.NORMAL;
  }

  /** Never null: the client's scoring or {@link Scoring#defaults()}. */
  public Scoring scoringOrDefaults() {
    return scoring != null ? scoring : Scoring.defaults();
  }

  /** Whether the output is held to a JSON Schema: kind extract, or generate/chat with a schema. */
  public boolean constrainedToSchema() {
    return schema != null && (kind == TaskKind.EXTRACT || kind == TaskKind.GENERATE || kind == TaskKind.CHAT);
  }

  /** Never null: the client's params or {@link TaskParams#defaults()}. */
  public TaskParams paramsOrDefaults() {
    return params != null ? params : TaskParams.defaults();
  }

  /** Never null: the client's requirements or {@link Requirements#none()}. */
  public Requirements requirementsOrNone() {
    return requirements != null ? requirements : Requirements.none();
  }

  /** The model asked for, top-level {@code model} first, then {@code requirements.model}; may be null. */
  public String requestedModel() {
    return model != null ? model : requirementsOrNone().model();
  }

  /**
   * The text this kind works on (chat: the message contents, one per line); empty when absent.
   * Routing estimates prompt tokens from its length.
   */
  public String text() {
    if (kind == null) {
      return "";
    }
    String text = switch (kind) {
      case GENERATE, SUMMARIZE, CLASSIFY, SCORE, EXTRACT -> prompt;
      case EMBED -> input;
      case CHAT -> messages == null ? null : messages.stream()
          .map(m -> m == null || m.content() == null ? "" : m.content())
          .collect(Collectors.joining("\n"));
    };
    return text == null ? "" : text;
  }
}
