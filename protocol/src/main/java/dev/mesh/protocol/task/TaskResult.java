package dev.mesh.protocol.task;

import java.util.Objects;

/**
 * What a finished task produced: {@code output} for generative kinds (plus {@code label} for
 * classify), {@code embedding} for embed (an {@link Embedding}: compact, immutable, compared by value;
 * {@link #embeddingArray()} gives the primitive form). A synthetic model's result says so.
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
    String note) {

  public static final String SYNTHETIC_NOTE = "synthetic model: random weights, output is nonsense";

  public TaskResult {
    if (synthetic && note == null) {
      note = SYNTHETIC_NOTE;
    }
  }

  public static TaskResult generated(
      String output, Usage usage, Timings timings, String executedBy, String model, boolean synthetic) {
    Objects.requireNonNull(output, "output must not be null");
    return new TaskResult(output, null, null, usage, timings, executedBy, model, synthetic, null);
  }

  /** A classify result: the chosen label and the raw text the model produced. */
  public static TaskResult classified(String label, String output, Usage usage, Timings timings,
      String executedBy, String model, boolean synthetic) {
    Objects.requireNonNull(label, "label must not be null");
    return new TaskResult(output, null, label, usage, timings, executedBy, model, synthetic, null);
  }

  public static TaskResult embedded(
      float[] vector, Usage usage, Timings timings, String executedBy, String model, boolean synthetic) {
    Objects.requireNonNull(vector, "vector must not be null");
    return new TaskResult(null, Embedding.of(vector), null, usage, timings, executedBy, model, synthetic, null);
  }

  /** The embedding as a fresh float[], or null when this is not an embedding result. */
  public float[] embeddingArray() {
    return embedding == null ? null : embedding.toArray();
  }
}
