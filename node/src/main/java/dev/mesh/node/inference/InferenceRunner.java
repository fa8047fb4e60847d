package dev.mesh.node.inference;

import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.node.engine.GenerateResult;
import dev.mesh.protocol.routing.TokenEstimate;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs one task on a local model: embed is an engine call; every other kind a generation from its prompt
 * ({@link TaskPrompts}), held to its grammar ({@link OutputGrammar}) and read back ({@link OutputReader}).
 */
public final class InferenceRunner {

  private final String nodeName;
  private final Clock clock;

  public InferenceRunner(String nodeName, Clock clock) {
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public CompletableFuture<TaskResult> run(Task task, LocalModel model, Consumer<String> onToken) {
    return run(task, model, onToken, StopSignal.none());
  }

  /**
   * @param stop stops the generation at its next token (an embedding is short and runs to its end); the result of a
   *     stopped generation is still returned, for the caller to discard
   */
  public CompletableFuture<TaskResult> run(Task task, LocalModel model, Consumer<String> onToken, StopSignal stop) {
    long startedAt = clock.millis();
    TaskRequest req = task.request();
    long queuedMs = Math.max(0, startedAt - task.acceptedAt().toEpochMilli());
    if (req.kind() == TaskKind.EMBED) {
      return model.embed(req.input()).thenApply(e -> {
        model.ran(req, (clock.millis() - startedAt) / 1000.0);
        Usage usage = new Usage(e.tokens(), 0);
        Timings timings = Timings.of(queuedMs, clock.millis() - startedAt, 0, sinceAccepted(task), usage);
        return TaskResult.embedded(e.vector(), usage, timings, nodeName, model.id(), model.file().synthetic())
            .withPooling(model.file().pooling().pooling());
      });
    }
    CompletableFuture<GenerateResult> generation = model.generate(generateRequest(req), onToken);
    stop.arm(() -> model.cancel(generation));
    return generation.thenApply(g -> {
      model.ran(req, (g.prefillMs() + g.decodeMs()) / 1000.0); // against the speeds before this task's sample
      model.speed().observe(g.promptTokens(), g.prefillMs(), g.completionTokens(), g.decodeMs());
      Usage usage = new Usage(g.promptTokens(), g.completionTokens());
      Timings timings = Timings.of(queuedMs, g.prefillMs(), g.decodeMs(), sinceAccepted(task), usage);
      TaskResult generated = TaskResult.generated(g.text(), usage, timings, nodeName, model.id(),
          model.file().synthetic()).withTemplate(g.template());
      return OutputReader.read(req, g, generated);
    });
  }

  /** totalMs is what the caller waited: from acceptance to the result, queue included. */
  private long sinceAccepted(Task task) {
    return Math.max(0, clock.millis() - task.acceptedAt().toEpochMilli());
  }

  /** The engine request a task becomes; public so admission can count the real prompt's tokens. */
  public static GenerateRequest generateRequest(TaskRequest req) {
    TaskParams p = req.paramsOrDefaults();
    // a choice held to a grammar is the model's most likely answer, not a sample
    boolean choice = req.kind() == TaskKind.CLASSIFY || req.kind() == TaskKind.SCORE;
    double temperature = choice ? 0.0 : p.temperatureOrDefault();
    return new GenerateRequest(TaskPrompts.of(req), TokenEstimate.maxTokens(req), temperature, p.topP(), p.seed(),
        p.stopOrDefault(), OutputGrammar.of(req));
  }
}
