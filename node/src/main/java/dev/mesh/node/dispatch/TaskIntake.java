package dev.mesh.node.dispatch;

import dev.mesh.protocol.task.Priority;
import java.util.Comparator;
import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.node.engine.RenderedPrompt;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.keys.KeyRegistry;
import dev.mesh.node.store.TaskIds;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.routing.RouteDecision;
import dev.mesh.protocol.task.RouteNote;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskValidator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where every task enters a node: validate, deduplicate by idempotency key, refuse what no node in
 * the mesh can run, check the prompt fits when the model is here to count it, journal the task
 * (only then does the caller hear 202), and hand it to the dispatcher.
 */
public final class TaskIntake {
  /** How long to wait before looking again for a task whose key another node reserved a moment ago. */
  private static final long FIRST_LOOK_MS = 25;
  /** The longest such wait: in all about 1.6 s, many times what accepting a task takes. */
  private static final long LAST_LOOK_MS = 800;
  /**
   * How old a key's reservation must be, with its task nowhere, to be taken over: far beyond an acceptance (ms) and
   * beyond any clock skew between two home machines that keep time.
   */
  private static final Duration ORPHANED_AFTER = Duration.ofSeconds(60);
  private final Context context;
  private final TaskStore store;
  private final ModelCatalog models;
  private final TaskRunner runner;
  private final Dispatcher dispatcher;
  private final KeyRegistry keys;
  private final Standing standing;
  private final Function<TaskRequest, RouteDecision> preview;
  private final Supplier<Set<String>> meshModelIds;
  private final TaskValidator.Limits limits;
  private final int queueCapacity;
  private final String nodeName;
  private final Clock clock;
  private final LocalOnlyKinds localOnly;

  /**
   * @param preview routes a request against the live adverts without recording anything
   * @param meshModelIds the ids of every model some live node advertises
   */
  public TaskIntake(Context context, TaskStore store, ModelCatalog models, TaskRunner runner, Dispatcher dispatcher,
      KeyRegistry keys, Standing standing, Function<TaskRequest, RouteDecision> preview,
      Supplier<Set<String>> meshModelIds, TaskValidator.Limits limits, int queueCapacity, String nodeName,
      Clock clock) {
    this(context, store, models, runner, dispatcher, keys, standing, preview, meshModelIds, limits, queueCapacity,
        nodeName, clock, LocalOnlyKinds.NONE);
  }

  public TaskIntake(Context context, TaskStore store, ModelCatalog models, TaskRunner runner, Dispatcher dispatcher,
      KeyRegistry keys, Standing standing, Function<TaskRequest, RouteDecision> preview,
      Supplier<Set<String>> meshModelIds, TaskValidator.Limits limits, int queueCapacity, String nodeName,
      Clock clock, LocalOnlyKinds localOnly) {
    this.localOnly = localOnly;
    this.context = context;
    this.store = store;
    this.models = models;
    this.runner = runner;
    this.dispatcher = dispatcher;
    this.keys = keys;
    this.standing = standing;
    this.preview = preview;
    this.meshModelIds = meshModelIds;
    this.limits = limits;
    this.queueCapacity = queueCapacity;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public Future<TaskRecord> submit(TaskRequest request) {
    return submit(request, TaskIds.next(clock.instant()));
  }

  /**
   * Submits under an id the caller made ({@link TaskIds#next}), so it can start following the task's text
   * before the task can start; a retried idempotency key still answers with the earlier task (another id).
   */
  public Future<TaskRecord> submit(TaskRequest submitted, String id) {
    TaskRequest request = localOnly.apply(submitted);
    try {
      TaskValidator.validate(request, limits, clock.instant());
    } catch (RuntimeException invalid) {
      return Future.failedFuture(invalid);
    }
    if (!standing.settled()) {
      return Future.failedFuture(rejoining());
    }
    Optional<TaskRecord> earlier = store.byIdempotencyKey(request.idempotencyKey());
    if (earlier.isPresent()) {
      return Future.succeededFuture(earlier.get());
    }
    Priority priority = request.priorityOrNormal();
    int ahead = runner.queuedAtOrAbove(priority);
    if (ahead >= queueCapacity) {
      return Future.failedFuture(Rejection.of(ErrorCodes.QUEUE_FULL, "this node already has " + ahead + " tasks of"
          + " priority " + priority.wire() + " or higher waiting (limits.queueCapacity " + queueCapacity + ");"
          + " try again later", null));
    }
    return checkFits(request)
        .compose(ok -> {
          Rejection unroutable = unroutable(request);
          return unroutable == null ? Future.succeededFuture() : Future.<Void>failedFuture(unroutable);
        })
        .compose(ok -> acceptOnce(request, id));
  }

  /**
   * Accepts the task unless its idempotency key names another task mesh-wide (then answers with that one): the
   * key is reserved first, so two nodes that get the same key at once accept it once between them.
   */
  private Future<TaskRecord> acceptOnce(TaskRequest request, String id) {
    String key = request.idempotencyKey();
    if (key == null) {
      return accept(request, id);
    }
    return keys.reserve(key, id).compose(holder -> holder.isEmpty()
        ? acceptKeyed(request, id)
        : earlier(request, id, holder.get(), FIRST_LOOK_MS));
  }

  /**
   * The task a key names. Another node may have reserved the key a moment ago and still be accepting its task:
   * it is looked for again, waiting twice as long each time, before the caller is told to retry. A reservation
   * whose task is nowhere long after its id was made was never accepted (its node died in between): the key is
   * taken over — else the key could never be used again until the retention forgot it.
   */
  private Future<TaskRecord> earlier(TaskRequest request, String id, String holder, long waitMs) {
    String key = request.idempotencyKey();
    return store.find(holder).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      if (orphaned(holder)) {
        return keys.takeOver(key, holder, id).compose(took -> took ? acceptKeyed(request, id)
            : keys.holder(key).compose(now -> now.isEmpty() ? acceptOnce(request, id)
                : now.get().equals(holder) ? Future.failedFuture(keyInUse(key, holder))
                : earlier(request, id, now.get(), FIRST_LOOK_MS)));
      }
      if (waitMs > LAST_LOOK_MS) {
        return Future.failedFuture(keyInUse(key, holder));
      }
      return context.owner().timer(waitMs).compose(t -> earlier(request, id, holder, waitMs * 2));
    });
  }

  /** A reservation made this long ago (by its task id's time) whose task nobody has was never accepted. */
  private boolean orphaned(String holder) {
    return TaskIds.issuedAt(holder).map(at -> at.isBefore(clock.instant().minus(ORPHANED_AFTER))).orElse(false);
  }

  private static Rejection keyInUse(String key, String holder) {
    return Rejection.of(ErrorCodes.KEY_IN_USE, "idempotency key '" + key + "' is being used by task " + holder
        + ", which is not accepted yet; try again shortly", "idempotencyKey");
  }

  /**
   * Accepts a task whose key was reserved for it, then checks the key still names it before dispatching: a node
   * slow between the two (long enough for another to take the key over) ends its copy as a duplicate, never runs it.
   */
  private Future<TaskRecord> acceptKeyed(TaskRequest request, String id) {
    String key = request.idempotencyKey();
    return store.accept(Task.accept(request, id, nodeName, clock.instant()))
        .onFailure(e -> keys.release(key, id))
        .compose(accepted -> keys.holder(key).otherwise(Optional.empty()).compose(holder ->
            holder.isEmpty() || holder.get().equals(id) ? Future.succeededFuture(accepted).onSuccess(dispatcher::dispatch)
                : duplicateOf(accepted, key, holder.get())));
  }

  private Future<TaskRecord> duplicateOf(TaskRecord mine, String key, String holder) {
    ApiError error = ApiError.of(ErrorCodes.DUPLICATE, "idempotency key '" + key + "' was taken over by task "
        + holder + " while this copy was being accepted; it is not run");
    return store.update(mine.id(), r -> r.failed(error, clock.instant()))
        .compose(failed -> store.find(holder))
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(keyInUse(key, holder)));
  }

  private Future<TaskRecord> accept(TaskRequest request, String id) {
    return store.accept(Task.accept(request, id, nodeName, clock.instant())).onSuccess(dispatcher::dispatch);
  }

  /**
   * Takes many tasks as one (a job): every request is checked first and one bad request refuses all (the
   * exception's field is {@code [index].field}); they must fit the queue together; then each is journaled
   * and dispatched. Returns their records in the requests' order.
   */
  public Future<List<TaskRecord>> submitAll(List<TaskRequest> submitted) {
    List<TaskRequest> requests = submitted.stream().map(localOnly::apply).toList();
    if (!standing.settled()) {
      return Future.failedFuture(rejoining());
    }
    for (int i = 0; i < requests.size(); i++) {
      TaskRequest request = requests.get(i);
      try {
        TaskValidator.validate(request, limits, clock.instant());
        Rejection unroutable = unroutable(request);
        if (unroutable != null) {
          throw unroutable;
        }
      } catch (ValidationException invalid) {
        return Future.failedFuture(new ItemRejection(i, invalid.toApiError()));
      } catch (Rejection refused) {
        return Future.failedFuture(new ItemRejection(i, refused.error()));
      }
    }
    Priority lowest = requests.stream().map(TaskRequest::priorityOrNormal).max(Comparator.naturalOrder())
        .orElse(Priority.NORMAL);
    int ahead = runner.queuedAtOrAbove(lowest);
    if (ahead + requests.size() > queueCapacity) {
      return Future.failedFuture(Rejection.of(ErrorCodes.QUEUE_FULL, requests.size() + " tasks do not fit: this node"
          + " has " + ahead + " of priority " + lowest.wire() + " or higher waiting of at most " + queueCapacity
          + "; try again later", null));
    }
    List<Future<TaskRecord>> accepted = new ArrayList<>();
    for (TaskRequest request : requests) {
      Instant now = clock.instant();
      accepted.add(acceptOnce(request, TaskIds.next(now)));
    }
    return Future.all(accepted).map(all -> accepted.stream().map(Future::result).toList());
  }

  private static Rejection rejoining() {
    return Rejection.of(ErrorCodes.REJOINING, "this node was cut off from the mesh (frozen or starved past the "
        + "heartbeat limit) and is merging back; send the task to another node or retry in a few seconds", null);
  }

  /** Refuses up front what no live node can run, naming each node's reason. */
  private Rejection unroutable(TaskRequest request) {
    RouteDecision decision = preview.apply(request);
    if (decision.routable() || request.requirementsOrNone().waitForNode()) {
      return null;
    }
    String model = request.requestedModel();
    if (model != null && !meshModelIds.get().contains(model)) {
      return Rejection.of(ErrorCodes.NO_MODEL, "model '" + model + "' is not served by any node of the mesh", "model");
    }
    boolean tooLongEverywhere = !decision.candidates().isEmpty() && decision.candidates().stream()
        .allMatch(c -> c.out().contains(RouteNote.Out.CONTEXT_TOO_SMALL));
    if (tooLongEverywhere) {
      return Rejection.of(ErrorCodes.PROMPT_TOO_LONG, "no node's context fits this task (estimated): "
          + decision.explain(), request.kind() == TaskKind.EMBED ? "input" : "prompt");
    }
    return new Rejection(decision.noCapableNode());
  }

  /** Counts the real prompt's tokens with the model's own tokenizer when the model runs here. */
  private Future<Void> checkFits(TaskRequest request) {
    LocalModel model = models.forRequest(request).orElse(null);
    // Not while the engine generates: its one worker would count this prompt only after that generation,
    // holding the 202 for as long (seconds to minutes), even for a task routing then sends elsewhere.
    if (model == null || !model.engineStatus().ready() || runner.busy(model.id())) {
      return Future.succeededFuture(); // routing checked an estimate; the engine refuses an overlong prompt later
    }
    boolean embed = request.kind() == TaskKind.EMBED;
    GenerateRequest generation = embed ? null : InferenceRunner.generateRequest(request);
    int maxTokens = embed ? 0 : generation.maxTokens();
    int limit = embed ? model.file().embedLimitTokens() : model.file().contextTokens();
    var counted = embed ? model.tokenize(request.input())
        : model.render(generation.prompt()).thenApply(RenderedPrompt::tokens);
    return Future.fromCompletionStage(counted, context)
        .compose(tokens -> tokens + maxTokens > limit
            ? Future.failedFuture(tooLong(request, tokens, maxTokens, model)) : Future.succeededFuture());
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
