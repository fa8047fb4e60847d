package dev.mesh.node.dispatch;

import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskValidator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;

/**
 * Where every task enters a node: validate, deduplicate by idempotency key, check it fits the
 * model, journal it (only then does the caller hear 202), and hand it to the runner.
 */
public final class TaskIntake {
  private final Context context;
  private final TaskStore store;
  private final ModelCatalog models;
  private final TaskRunner runner;
  private final TaskValidator.Limits limits;
  private final int queueCapacity;
  private final String nodeName;
  private final Clock clock;

  public TaskIntake(Context context, TaskStore store, ModelCatalog models, TaskRunner runner,
      TaskValidator.Limits limits, int queueCapacity, String nodeName, Clock clock) {
    this.context = context;
    this.store = store;
    this.models = models;
    this.runner = runner;
    this.limits = limits;
    this.queueCapacity = queueCapacity;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public Future<TaskRecord> submit(TaskRequest request) {
    try {
      TaskValidator.validate(request, limits, clock.instant());
    } catch (RuntimeException invalid) {
      return Future.failedFuture(invalid);
    }
    Optional<TaskRecord> earlier = store.byIdempotencyKey(request.idempotencyKey());
    if (earlier.isPresent()) {
      return Future.succeededFuture(earlier.get());
    }
    if (runner.queued() >= queueCapacity) {
      return Future.failedFuture(Rejection.of(ErrorCodes.QUEUE_FULL,
          "this node already has " + runner.queued() + " tasks waiting; try again later", null));
    }
    if (models.whyEmpty() != null) {
      return Future.failedFuture(Rejection.of(ErrorCodes.ENGINE_UNAVAILABLE, models.whyEmpty(), null));
    }
    LocalModel model = models.forRequest(request).orElse(null);
    if (model == null) {
      return Future.failedFuture(Rejection.of(ErrorCodes.NO_MODEL, "model '" + request.requestedModel()
          + "' is not served here; this node serves: " + models.ids(), "model"));
    }
    return checkFits(request, model)
        .compose(ok -> store.accept(Task.accept(request, TaskIds.next(clock.instant()), nodeName, clock.instant())))
        .onSuccess(record -> runner.enqueue(record, model));
  }

  /** Counts the real prompt's tokens with the model's own tokenizer: prompt + maxTokens must fit the context. */
  private Future<Void> checkFits(TaskRequest request, LocalModel model) {
    String text = request.kind() == TaskKind.EMBED ? request.input() : InferenceRunner.generateRequest(request).prompt();
    int maxTokens = request.kind() == TaskKind.EMBED ? 0 : InferenceRunner.generateRequest(request).maxTokens();
    int context = request.kind() == TaskKind.EMBED ? model.file().embedLimitTokens() : model.file().contextTokens();
    if (!model.engineStatus().ready()) {
      return Future.succeededFuture(); // no tokenizer yet: the engine itself refuses an overlong prompt later
    }
    return Future.fromCompletionStage(model.engine().tokenize(text), context())
        .compose(tokens -> tokens + maxTokens > context
            ? Future.failedFuture(tooLong(request, tokens, maxTokens, model)) : Future.succeededFuture());
  }

  private Context context() {
    return context;
  }

  private static Rejection tooLong(TaskRequest request, int tokens, int maxTokens, LocalModel model) {
    String field = switch (request.kind()) {
      case EMBED -> "input";
      case CHAT -> "messages";
      default -> "prompt";
    };
    return Rejection.of(ErrorCodes.PROMPT_TOO_LONG, field + " is " + tokens + " tokens" + (maxTokens > 0
        ? " + maxTokens " + maxTokens + ", more than the " + model.file().contextTokens() + "-token context"
        : ", more than the " + model.file().embedLimitTokens() + " tokens an embedding takes") + " of model "
        + model.id(), field);
  }
}
