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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Runs one task on a local model: each kind becomes an engine call (classify and summarize are prompts over generate). */
public final class InferenceRunner {

  private final String nodeName;
  private final Clock clock;

  public InferenceRunner(String nodeName, Clock clock) {
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public CompletableFuture<TaskResult> run(Task task, LocalModel model, Consumer<String> onToken) {
    long startedAt = clock.millis();
    TaskRequest req = task.request();
    long queuedMs = Math.max(0, startedAt - task.acceptedAt().toEpochMilli());
    if (req.kind() == TaskKind.EMBED) {
      return model.engine().embed(req.input()).thenApply(e -> {
        Usage usage = new Usage(e.tokens(), 0);
        Timings timings = Timings.of(queuedMs, clock.millis() - startedAt, 0, sinceAccepted(task), usage);
        return TaskResult.embedded(e.vector(), usage, timings, nodeName, model.id(), model.file().synthetic());
      });
    }
    return model.engine().generate(generateRequest(req), onToken).thenApply(g -> {
      model.speed().observe(g.promptTokens(), g.prefillMs(), g.completionTokens(), g.decodeMs());
      Usage usage = new Usage(g.promptTokens(), g.completionTokens());
      Timings timings = Timings.of(queuedMs, g.prefillMs(), g.decodeMs(), sinceAccepted(task), usage);
      return result(req, g, usage, timings, model);
    });
  }

  /** totalMs is what the caller waited: from acceptance to the result, queue included. */
  private long sinceAccepted(Task task) {
    return Math.max(0, clock.millis() - task.acceptedAt().toEpochMilli());
  }

  /** The engine request a task becomes; public so admission can count the real prompt's tokens. */
  public static GenerateRequest generateRequest(TaskRequest req) {
    TaskParams p = req.paramsOrDefaults();
    List<String> stop = new ArrayList<>(p.stopOrDefault());
    String prompt = switch (req.kind()) {
      case GENERATE -> req.prompt();
      case SUMMARIZE -> Prompts.summarize(req.prompt());
      case CLASSIFY -> Prompts.classify(req.prompt(), req.labels());
      case CHAT -> {
        stop.addAll(Prompts.chatStops());
        yield Prompts.chat(req.messages());
      }
      case EMBED -> throw new IllegalArgumentException("embed is not a generation");
    };
    boolean classify = req.kind() == TaskKind.CLASSIFY;
    int maxTokens = TokenEstimate.maxTokens(req);
    double temperature = classify ? 0.0 : p.temperatureOrDefault();
    return new GenerateRequest(prompt, maxTokens, temperature, p.topP(), p.seed(), stop);
  }

  private TaskResult result(TaskRequest req, GenerateResult g, Usage usage, Timings timings, LocalModel model) {
    boolean synthetic = model.file().synthetic();
    if (req.kind() != TaskKind.CLASSIFY) {
      return TaskResult.generated(g.text(), usage, timings, nodeName, model.id(), synthetic);
    }
    LabelMatcher.Match match = LabelMatcher.match(g.text(), req.labels());
    TaskResult r = TaskResult.classified(match.label(), g.text(), usage, timings, nodeName, model.id(), synthetic);
    if (match.named() || synthetic) {
      return r;
    }
    return new TaskResult(r.output(), null, r.label(), usage, timings, nodeName, model.id(), false,
        "the model named no label; picked the closest by prefix");
  }
}
