package dev.mesh.node.dispatch;

import dev.mesh.node.cluster.Standing;
import dev.mesh.node.engine.EngineCrashedException;
import dev.mesh.node.engine.EngineException;
import dev.mesh.node.inference.EngineRefusals;
import dev.mesh.node.inference.OutputRejected;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.engine.EngineUnavailableException;
import dev.mesh.node.inference.InferenceRunner;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.inference.ModelLoader;
import dev.mesh.node.inference.StopSignal;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.QueuedByPriority;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs accepted tasks on this node's models, one at a time per model (one engine, one generation),
 * the higher priority class first, each class in arrival order, with aging ({@link PriorityLanes}); a running task is
 * never pre-empted. A task's outcome is stored while the next one runs. Lives on the node's event-loop context; engine calls complete back onto it.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  private final Context context;
  private final Standing standing;
  private final TaskStore store;
  private final ModelCatalog models;
  private final InferenceRunner inference;
  private final String nodeName;
  private final Clock clock;
  private final Map<String, PriorityLanes<String>> queues = new HashMap<>();
  private final ModelLoader loader;
  private final Set<String> busyModels = new HashSet<>();
  /** Per busy model: when its current task started and what it was estimated to take. */
  private final Map<String, long[]> runningSince = new HashMap<>();
  private final List<Runnable> loadListeners = new ArrayList<>();
  private Consumer<TaskRecord> afterCrash = record -> { };
  private final TaskOverhead overhead = new TaskOverhead();
  /** The part of it a task holds its engine for (its result is stored while the next one runs): what a queue costs. */
  private final TaskOverhead turn = new TaskOverhead();
  /** How long before a start that could not be done for now is tried again; how often at most. */
  private static final long RETRY_MS = Outcomes.RETRY_MS;
  private static final int MAX_RETRIES = Outcomes.MAX_RETRIES;
  private final Map<String, Integer> startRetries = new HashMap<>();
  /** Tasks started here whose outcome is not stored yet. */
  private final Set<String> runningIds = new HashSet<>();
  private final Outcomes outcomes;
  private final Queueing queueing;
  /** What waited by class when the advert was last built (every second, and on every change): read by /metrics. */
  private volatile QueuedByPriority lastQueued = QueuedByPriority.NONE;
  /** Tells of a held task that ended elsewhere (cancelled): out of its queue, or its generation stopped. */
  private final EndWatch ends;

  public TaskRunner(Context context, TaskStore store, ModelCatalog models, InferenceRunner inference,
      Standing standing, String nodeName, Clock clock, ModelLoader loader) {
    this(context, store, models, inference, standing, nodeName, clock, loader, Queueing.DEFAULT);
  }

  public TaskRunner(Context context, TaskStore store, ModelCatalog models, InferenceRunner inference,
      Standing standing, String nodeName, Clock clock, ModelLoader loader, Queueing queueing) {
    this.queueing = queueing;
    this.loader = loader;
    this.context = context;
    this.standing = standing;
    standing.onSettled(() -> models.all().forEach(this::pump));
    this.store = store;
    this.models = models;
    this.inference = inference;
    this.nodeName = nodeName;
    this.clock = clock;
    this.outcomes = new Outcomes(context, store);
    this.ends = new EndWatch(context, store);
  }

  /** Told whenever the queue or the running set changes (the node re-publishes its advert: load moved). */
  public void onLoadChange(Runnable listener) {
    loadListeners.add(listener);
  }

  /** Told of a task put back in the queue after its engine crashed: it is to be routed once more. */
  public void onCrashRetry(Consumer<TaskRecord> retry) {
    afterCrash = retry;
  }

  /** Queues a journaled task behind the others of its class for its model. Call on the node's context. */
  public void enqueue(TaskRecord record, LocalModel model) {
    enqueueId(record.id(), model);
  }

  private void loadChanged() {
    loadListeners.forEach(Runnable::run);
  }

  public int running() {
    return busyModels.size();
  }

  /** Whether this node is working on the task: queued, running, or about to be tried again. */
  public boolean holds(String id) {
    return runningIds.contains(id) || startRetries.containsKey(id)
        || queues.values().stream().anyMatch(queue -> queue.contains(id));
  }

  /** Whether this model's engine is running a task now (anything else sent to it waits until that ends). */
  public boolean busy(String modelId) {
    return busyModels.contains(modelId);
  }

  /** Whether the model runs a task or has tasks queued: it is not unloaded to make room then. */
  public boolean hasWork(String modelId) {
    return busyModels.contains(modelId) || !waitingFor(modelId).isEmpty();
  }

  public int queued() {
    return queues.values().stream().mapToInt(Queue::size).sum();
  }

  /**
   * Tasks waiting here of this class or a higher one: what a new task of the class queues behind, so what the
   * queue's capacity is counted against — a full batch backlog must not refuse a chat that would start next.
   */
  public int queuedAtOrAbove(Priority priority) {
    int n = 0;
    for (Queue<String> queue : queues.values()) {
      for (String id : queue) {
        if (priorityOf(id).ordinal() <= priority.ordinal()) {
          n++;
        }
      }
    }
    return n;
  }

  /** Tasks waiting here by class, as of the last advert (at most a second old); safe from any thread. */
  public QueuedByPriority queuedByPriority() {
    return lastQueued;
  }

  /** Seconds of work ahead of a new task, by this node's measured speeds: what routing compares. */
  public double backlogSeconds() {
    return load(0).backlogSeconds();
  }

  /**
   * How busy the engines are, for the advert: what runs, what waits (by class, with its estimated seconds) and the
   * seconds of work ahead of a new task. One pass over the queues: it is built on every change of them.
   */
  public Load load(int slots) {
    double running = 0;
    QueuedByPriority queued = QueuedByPriority.NONE;
    long now = clock.millis();
    for (LocalModel model : models.all()) {
      running += runningLeftSeconds(model, now);
      for (String id : waitingFor(model.id())) {
        Optional<TaskRecord> record = store.get(id);
        queued = queued.plus(record.map(r -> r.task().request().priorityOrNormal()).orElse(Priority.NORMAL),
            queuedSeconds(model, record));
      }
    }
    double waiting = queued.interactive().seconds() + queued.normal().seconds() + queued.batch().seconds();
    lastQueued = queued;
    return new Load(running(), queued(), slots, running + waiting, overhead.seconds(), queued,
        turn.measured() ? turn.seconds() : null);
  }

  /** What waits for a model, in the order it would start. */
  private java.util.Collection<String> waitingFor(String modelId) {
    PriorityLanes<String> queue = queues.get(modelId);
    return queue == null ? List.of() : queue;
  }

  /** The tasks waiting for this model, the one that would start last first. */
  List<String> waitingLastFirst(String modelId) {
    PriorityLanes<String> queue = queues.get(modelId);
    return queue == null ? List.of() : queue.lastFirst();
  }

  /**
   * Seconds until a task waiting for this model would be done here, by the same estimates the advert counts: what is
   * left of the running task's, then every queued task's up to it, each with its turn.
   */
  double secondsUntilDone(LocalModel model, String waitingId) {
    double seconds = runningLeftSeconds(model, clock.millis());
    for (String id : waitingFor(model.id())) {
      seconds += queuedSeconds(model, store.get(id));
      if (id.equals(waitingId)) {
        break;
      }
    }
    return seconds;
  }

  /** What is left of the estimate of the task the model runs now; 0 when idle, or running past its estimate. */
  private double runningLeftSeconds(LocalModel model, long nowMs) {
    long[] since = runningSince.get(model.id());
    return since == null ? 0 : Math.max(0, since[1] - (nowMs - since[0])) / 1000.0;
  }

  /**
   * What a queued task adds to the model's queue: its estimate and the turn it holds the engine for beyond that (the
   * whole per-task overhead until a turn is measured).
   */
  private double queuedSeconds(LocalModel model, Optional<TaskRecord> record) {
    double perQueuedTask = turn.measured() ? turn.seconds() : overhead.seconds();
    return perQueuedTask + record.map(r -> model.estimateSeconds(r.task().request())).orElse(0.0);
  }

  /**
   * Takes a waiting task out of its model's queue, to be placed elsewhere: it no longer starts here. False when it
   * is no longer waiting there (it started, or ended).
   */
  boolean takeBack(String modelId, String id) {
    PriorityLanes<String> queue = queues.get(modelId);
    if (queue == null || !queue.remove(id)) {
      return false;
    }
    ends.forget(id);
    loadChanged();
    return true;
  }

  /** Starts the next task of a model when its engine is free and ready; called again when either changes. */
  public void pump(LocalModel model) {
    Queue<String> queue = queues.get(model.id());
    if (busyModels.contains(model.id()) || queue == null || queue.isEmpty()) {
      return;
    }
    if (!standing.settled()) {
      return; // cut off, this node's copy of the queue may be stale: it starts nothing until it stands again
    }
    EngineStatus engine = model.engineStatus();
    if (engine.state() == EngineStatus.State.UNLOADED) {
      // loads now if there is room, else when a model goes idle; the engine's listener pumps once it is ready
      loader.request(model).ifPresent(never -> failAll(queue, new EngineUnavailableException(never)));
      return;
    }
    if (engine.state() == EngineStatus.State.UNUSABLE) {
      failAll(queue, new EngineUnavailableException("engine for model " + model.id() + " is " + engine));
      return;
    }
    if (!engine.ready()) {
      return; // the engine's status listener pumps again once it is ready
    }
    String id = queue.poll();
    Runnable release = occupy(model, id, store.get(id));
    runOne(id, model, release).onComplete(done -> ended(id, done, release));
  }

  /**
   * Whether a task for this model would start the moment it is queued: this node standing, the task within its
   * deadline, the model's engine ready and idle with nothing waiting for it. Its taking and its start can then be
   * stored as one change ({@link #takeAndStart}).
   */
  public boolean startsAtOnce(LocalModel model, TaskRecord record) {
    Queue<String> queue = queues.get(model.id());
    return standing.settled() && !busyModels.contains(model.id()) && (queue == null || queue.isEmpty())
        && model.engineStatus().ready() && !record.task().pastDeadline(clock.instant());
  }

  /**
   * Takes a task and starts it in one durable change instead of two: {@code take} turns the mesh's record into the
   * one placed here (null when the task moved on), and the start is stored with it. For a task that would start at
   * once ({@link #startsAtOnce}); the engine is kept for it while the change is made. Completes with the started
   * record as soon as it is stored (the run goes on), or fails with {@link TaskStore.StaleChange} when the task
   * moved on — nothing started, the engine free again.
   */
  public Future<TaskRecord> takeAndStart(TaskRecord known, LocalModel model, java.util.function.UnaryOperator<TaskRecord> take) {
    String id = known.id();
    Runnable release = occupy(model, id, Optional.of(known));
    Future<TaskRecord> started = store.update(id, r -> {
      TaskRecord held = take.apply(r);
      return held != null && held.placement().heldBy(nodeName) && held.state() == TaskState.QUEUED
          ? held.running(nodeName, clock.instant()) : null;
    });
    started.onSuccess(running -> execute(running, model, release).onComplete(done -> ended(id, done, release)))
        .onFailure(e -> {
          runningIds.remove(id);
          release.run();
        });
    return started;
  }

  /**
   * Marks the model's engine busy with this task ({@code record}: what it is estimated to take, when known); returns
   * what frees it (once) and starts the model's next task.
   */
  private Runnable occupy(LocalModel model, String id, Optional<TaskRecord> record) {
    long estimateMs = record.map(r -> (long) (model.estimateSeconds(r.task().request()) * 1000)).orElse(0L);
    busyModels.add(model.id());
    runningSince.put(model.id(), new long[] {clock.millis(), estimateMs});
    boolean[] released = {false};
    runningIds.add(id);
    return () -> {
      if (!released[0]) {
        released[0] = true;
        busyModels.remove(model.id());
        runningSince.remove(model.id());
        pump(model);
        loader.retryWaiting(); // idle now: a model waiting for room may take its place
        loadChanged();
      }
    };
  }

  /** A task's run here is over, its outcome stored or refused. */
  private void ended(String id, io.vertx.core.AsyncResult<TaskRecord> done, Runnable release) {
    runningIds.remove(id);
    ends.forget(id);
    if (done.failed() && done.cause() instanceof TaskStore.StaleChange) {
      LOG.info("task {}: this node's outcome is not kept: the task moved on meanwhile", id);
    } else if (done.failed()) {
      LOG.error("task {} could not be recorded", id, done.cause());
    }
    release.run();
  }

  /** @param release frees the model for its next task; called as soon as the engine is done with this one */
  private Future<TaskRecord> runOne(String id, LocalModel model, Runnable release) {
    TaskRecord record = store.get(id).orElse(null);
    if (record == null || record.terminal()) {
      return Future.succeededFuture(record);
    }
    if (record.task().pastDeadline(clock.instant())) {
      return store.update(id, r -> r.expired(clock.instant())).recover(Outcomes::staleIsDone);
    }
    // Started only if the task is still placed here: one queued here before a freeze may have been re-routed by
    // the others meanwhile, and starting it would run it twice.
    // Only a queued one: a task queued twice by mistake must not start a second time while its first run goes on.
    return store.update(id, r -> r.placement().heldBy(nodeName) && r.state() == TaskState.QUEUED
            ? r.running(nodeName, clock.instant()) : null)
        .compose(running -> {
          startRetries.remove(id);
          return execute(running, model, release);
        }, failure -> failure instanceof TaskStore.StaleChange ? notStarted(id, model) : Future.failedFuture(failure));
  }

  /**
   * The task could not be started as this node last knew it. Moved elsewhere or ended: nothing to do. But while a
   * node merges back into the cluster its record can be missing for a moment, or still say it is held here: then
   * it is queued again, not dropped — dropped, nobody would ever run it (the chaos suite saw this).
   */
  private Future<TaskRecord> notStarted(String id, LocalModel model) {
    return store.meshRecord(id)
        .map(found -> found.isEmpty()
            || (found.get().state() == TaskState.QUEUED && found.get().placement().heldBy(nodeName)))
        .otherwise(true) // the records can't be read now: as good as missing for the moment
        .map(stillOurs -> {
          retryOrDrop(id, model, stillOurs);
          return null;
        });
  }

  private void retryOrDrop(String id, LocalModel model, boolean stillOurs) {
    if (!stillOurs) {
      startRetries.remove(id);
      ends.forget(id);
      LOG.info("task {} changed meanwhile; it is not started here", id);
      return;
    }
    int tries = startRetries.merge(id, 1, Integer::sum);
    if (tries > MAX_RETRIES) {
      startRetries.remove(id);
      LOG.warn("task {}: not started after {} tries (its record is missing or still places it here); left to"
          + " recovery", id, MAX_RETRIES);
      return;
    }
    LOG.info("task {}: not started (its record is missing for now, or still places it here); queued again", id);
    context.owner().setTimer(RETRY_MS, t -> enqueueId(id, model));
  }

  private void enqueueId(String id, LocalModel model) {
    queues.computeIfAbsent(model.id(), k -> queueing.newQueue(this::priorityOf, clock::millis)).add(id);
    ends.follow(id, () -> dropQueued(id, model));
    pump(model);
    loadChanged();
  }

  /** The task's class as it is queued; one whose record is gone meanwhile is started (and dropped) as normal. */
  private Priority priorityOf(String id) {
    return store.get(id).map(r -> r.task().request().priorityOrNormal()).orElse(Priority.NORMAL);
  }

  /** A queued task that ended meanwhile (cancelled) leaves its queue: it would not start anyway, but it would count. */
  private void dropQueued(String id, LocalModel model) {
    Queue<String> queue = queues.get(model.id());
    if (queue != null && queue.remove(id)) {
      LOG.info("task {} ended while queued here ({}); it leaves the queue", id,
          store.get(id).map(r -> r.state().wire()).orElse("gone"));
      loadChanged();
    }
  }

  /**
   * Runs one attempt. Its outcome is stored only if the task is still on that attempt: a node that
   * froze, was given up on and came back must not overwrite the result of the node that took over.
   */
  private Future<TaskRecord> execute(TaskRecord running, LocalModel model, Runnable release) {
    int attempt = running.attempts();
    String id = running.id();
    long startedMs = clock.millis();
    // ended elsewhere while it runs (cancelled): the engine stops at its next token and the model is free; the
    // outcome is still offered below, and the store refuses it, as it refuses any change to an ended task
    StopSignal stop = new StopSignal();
    ends.follow(id, () -> {
      LOG.info("task {} ended elsewhere while running here; its generation is stopped", id);
      stop.stop();
    });
    TokenFeed tokens = TokenFeed.of(context.owner(), nodeName, id);
    return Future.fromCompletionStage(inference.run(running.task(), model, tokens, stop), context)
        .andThen(done -> {
          tokens.flush(); // every piece of text out before its end is stored
          long[] since = runningSince.get(model.id());
          if (done.succeeded() && since != null) {
            turn.observe(clock.millis() - since[0], done.result().timings().prefillMs()
                + done.result().timings().decodeMs());
          }
          release.run(); // the next task starts on the engine while this outcome is stored
        })
        .compose(result -> outcomes.record(id, attempt, r -> r.succeeded(result, clock.instant()))
                .onSuccess(done -> overhead.observe(clock.millis() - startedMs,
                    result.timings().prefillMs() + result.timings().decodeMs())),
            failure -> crash(failure) instanceof EngineCrashedException crash
                ? crashed(id, attempt, crash) : fail(id, attempt, failure));
  }

  private static Throwable crash(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /**
   * An engine crash (a signal, the OOM killer) says little about the task: it is tried once more, routed anew (to
   * another capable node, or here once the engine is back). A second crash fails it, naming both.
   */
  private Future<TaskRecord> crashed(String id, int attempt, EngineCrashedException crash) {
    String where = nodeName + ": " + crash.getMessage();
    return store.update(id, r -> {
      if (r.attempts() != attempt) {
        return null;
      }
      if (!r.crashes().isEmpty()) {
        Hop first = r.crashes().get(0);
        return r.failed(ApiError.of(ErrorCodes.ENGINE_CRASHED, "the engine crashed twice running this task: first on "
            + first.node() + " (" + first.reason() + "), then on " + where), clock.instant());
      }
      return r.crashed(nodeName, "engine crashed: " + crash.getMessage() + "; trying once more", clock.instant());
    }).onSuccess(r -> {
      if (r.state() == TaskState.QUEUED) {
        LOG.warn("task {}: engine crashed ({}); routing it once more", id, crash.getMessage());
        afterCrash.accept(r);
      } else {
        LOG.warn("task {} failed: {}", id, r.error().message());
      }
    }).recover(Outcomes::staleIsDone);
  }

  /** Measured seconds a task costs this node beyond inference: part of every estimate routing makes. */
  public double taskOverheadSeconds() {
    return overhead.seconds();
  }

  private Future<TaskRecord> fail(String id, int attempt, Throwable failure) {
    ApiError error = errorOf(failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure);
    LOG.warn("task {} failed: {} {}", id, error.code(), error.message());
    return outcomes.record(id, attempt, r -> r.failed(error, clock.instant()));
  }

  private void failAll(Queue<String> queue, Throwable reason) {
    while (!queue.isEmpty()) {
      String id = queue.poll();
      ApiError error = errorOf(reason);
      store.update(id, r -> r.failed(error, clock.instant())).recover(Outcomes::staleIsDone);
    }
  }

  static ApiError errorOf(Throwable failure) {
    if (failure instanceof EngineCrashedException crash) {
      return ApiError.of(ErrorCodes.ENGINE_CRASHED, crash.getMessage());
    }
    if (failure instanceof EngineUnavailableException unavailable) {
      return ApiError.of(ErrorCodes.ENGINE_UNAVAILABLE, unavailable.getMessage());
    }
    if (failure instanceof OutputRejected rejected) {
      return rejected.error();
    }
    if (failure instanceof EngineException refused) {
      return EngineRefusals.error(refused);
    }
    return ApiError.of(ErrorCodes.INTERNAL, String.valueOf(failure));
  }
}
