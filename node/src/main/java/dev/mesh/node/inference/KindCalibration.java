package dev.mesh.node.inference;

import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;

/**
 * The short tasks a fresh model runs right after its self-benchmark, one per grammar-held kind: what each took is
 * that kind's first factor sample ({@link KindFactors}). Tokens per second say nothing of the grammar held over a
 * score or a label — llama.cpp checks every candidate token against it, work that does not shrink with the model — so
 * a fresh node's first burst saw a score at what its tokens predict: 0.03 s for one that took 0.5 s on the demo's
 * small model, and every node looked free until its first score ended.
 */
final class KindCalibration {
  static final String PROMPT = "Rate this note for a weekly research digest: a short study of garden soil found that"
      + " beans grown beside marigolds needed a third less water over one summer.";

  private KindCalibration() {}

  /** One request per grammar-held kind, as a caller would send it. */
  static List<TaskRequest> requests() {
    return List.of(TaskRequest.score(PROMPT, Scoring.defaults()),
        TaskRequest.classify(PROMPT, List.of("relevant", "off-topic")));
  }
}
