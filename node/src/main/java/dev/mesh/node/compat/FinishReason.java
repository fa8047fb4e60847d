package dev.mesh.node.compat;

import dev.mesh.protocol.routing.TokenEstimate;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.Usage;

/** Why a generation ended, in the words OpenAI and Ollama both use: {@code length} or {@code stop}. */
public final class FinishReason {
  private FinishReason() {}

  /** {@code length} when the task used its whole token budget, else {@code stop}. */
  public static String of(TaskRecord done) {
    Usage u = done.result().usage();
    return u != null && u.completionTokens() >= TokenEstimate.maxTokens(done.task().request()) ? "length" : "stop";
  }
}
