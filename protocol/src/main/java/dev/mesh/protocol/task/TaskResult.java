package dev.mesh.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a finished task produced: {@code output} for generative kinds (plus {@code label} for classify,
 * {@code score} and {@code reason} for score, {@code data} — the output parsed — for a task held to a JSON
 * Schema), {@code embedding} for embed (an {@link Embedding}: compact, immutable, compared by value;
 * {@link #embeddingArray()} gives the primitive form). {@code template} says how the prompt was formatted,
 * {@code pooling} how an embedding's token vectors became one, {@code degraded} that another model than the one
 * wanted served it (its remote was out). A synthetic model's result says so.
 */
public record TaskResult(
    String output,
    Embedding embedding,
    String label,
    Usage usage,
    Timings timings,
    String executedBy,
    String model,
    boolean synthetic,
    String note,
    Integer score,
    String reason,
    JsonNode data,
    PromptTemplate template,
    Pooling pooling,
    Degraded degraded) {

  public static final String SYNTHETIC_NOTE = "synthetic model: random weights, output is nonsense";

  public TaskResult {
    if (synthetic && note == null) {
      note = SYNTHETIC_NOTE;
    }
    data = data == null || data.isMissingNode() ? null : data.deepCopy();
  }

  public static TaskResult generated(
      String output, Usage usage, Timings timings, String executedBy, String model, boolean synthetic) {
    Objects.requireNonNull(output, "output must not be null");
    return new TaskResult(output, null, null, usage, timings, executedBy, model, synthetic, null, null, null, null,
        null, null, null);
  }

  /** A classify result: the chosen label and the raw text the model produced. */
  public static TaskResult classified(String label, String output, Usage usage, Timings timings,
      String executedBy, String model, boolean synthetic) {
    Objects.requireNonNull(label, "label must not be null");
    return new TaskResult(output, null, label, usage, timings, executedBy, model, synthetic, null, null, null, null,
        null, null, null);
  }

  public static TaskResult embedded(
      float[] vector, Usage usage, Timings timings, String executedBy, String model, boolean synthetic) {
    Objects.requireNonNull(vector, "vector must not be null");
    return new TaskResult(null, Embedding.of(vector), null, usage, timings, executedBy, model, synthetic, null,
        null, null, null, null, null, null);
  }

  /** A classify result: the label the model wrote (the output keeps its raw text). */
  public TaskResult withLabel(String newLabel) {
    return new TaskResult(output, embedding, newLabel, usage, timings, executedBy, model, synthetic, note, score,
        reason, data, template, pooling, degraded);
  }

  /** A score result: the number, the reason when one was asked for, and the JSON the model wrote. */
  public TaskResult withScore(int newScore, String newReason) {
    return new TaskResult(output, embedding, label, usage, timings, executedBy, model, synthetic, note, newScore,
        newReason, data, template, pooling, degraded);
  }

  /** The output parsed as JSON, for a task held to a schema. */
  public TaskResult withData(JsonNode newData) {
    return new TaskResult(output, embedding, label, usage, timings, executedBy, model, synthetic, note, score,
        reason, newData, template, pooling, degraded);
  }

  public TaskResult withTemplate(PromptTemplate newTemplate) {
    return new TaskResult(output, embedding, label, usage, timings, executedBy, model, synthetic, note, score,
        reason, data, newTemplate, pooling, degraded);
  }

  public TaskResult withPooling(Pooling newPooling) {
    return new TaskResult(output, embedding, label, usage, timings, executedBy, model, synthetic, note, score,
        reason, data, template, newPooling, degraded);
  }

  /** Served by another model than the one it was bound for (see {@link Degraded}). */
  public TaskResult withDegraded(Degraded newDegraded) {
    return new TaskResult(output, embedding, label, usage, timings, executedBy, model, synthetic, note, score,
        reason, data, template, pooling, newDegraded);
  }

  /** The embedding as a fresh float[], or null when this is not an embedding result. */
  public float[] embeddingArray() {
    return embedding == null ? null : embedding.toArray();
  }
}
