package dev.mesh.node.engine;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Runs one streamed generation in the engine, counting and timing tokens as they come. */
final class Streaming {

  /** What one generation produced; times in nanoseconds. */
  record Run(String text, int tokens, long prefillNanos, long decodeNanos, boolean cancelled) {
  }

  private Streaming() {
  }

  /**
   * Each output before the last is one sampled token (its text may be empty while a stop string might be
   * starting); the last output only marks the end. Cancellation is checked between tokens on this thread:
   * cancelling from another thread while this one waits in receiveCompletion would leave it waiting forever.
   */
  static Run run(LlamaModel model, InferenceParameters params, BooleanSupplier cancelRequested,
          Consumer<String> onText) {
    long start = System.nanoTime();
    long first = 0;
    long last = 0;
    int tokens = 0;
    boolean cancelled = false;
    StringBuilder text = new StringBuilder();
    LlamaIterator outputs = model.generate(params).iterator();
    while (outputs.hasNext()) {
      LlamaOutput out = outputs.next();
      long now = System.nanoTime();
      boolean isToken = outputs.hasNext();
      if (isToken) {
        tokens++;
        first = first == 0 ? now : first;
        last = now;
      }
      if (!out.text.isEmpty()) {
        text.append(out.text);
        onText.accept(out.text);
      }
      if (isToken && cancelRequested.getAsBoolean()) {
        outputs.cancel();
        cancelled = true;
      }
    }
    long prefill = tokens == 0 ? System.nanoTime() - start : first - start;
    return new Run(text.toString(), tokens, prefill, last - first, cancelled);
  }
}
