package dev.mesh.protocol.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a finished task produced: {@code output} for generative kinds (plus {@code label} for
 * classify), {@code embedding} for embed. The embedding is a {@code List<Float>}, not a
 * {@code float[]}, so the record's equals/hashCode compare values and the list is immutable;
 * {@link #embeddingArray()} gives the primitive form. A synthetic model's result says so.
 */
public record TaskResult(
    String output,
    List<Float> embedding,
    String label,
    Usage usage,
    Timings timings,
    String executedBy,
    String model,
    boolean synthetic,
    String note) {

  public static final String SYNTHETIC_NOTE = "synthetic model: random weights, output is nonsense";

  public TaskResult {
    embedding = embedding == null ? null : List.copyOf(embedding);
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
    List<Float> values = new ArrayList<>(vector.length);
    for (float v : vector) {
      values.add(v);
    }
    return new TaskResult(null, values, null, usage, timings, executedBy, model, synthetic, null);
  }

  /** The embedding as a fresh float[], or null when this is not an embedding result. */
  public float[] embeddingArray() {
    if (embedding == null) {
      return null;
    }
    float[] values = new float[embedding.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = embedding.get(i);
    }
    return values;
  }
}
