package dev.mesh.node.dispatch;

import dev.mesh.node.cluster.Standing;
import dev.mesh.node.inference.OutputRejected;
import dev.mesh.node.inference.StopSignal;
import dev.mesh.node.remote.CloudBudget;
import dev.mesh.node.remote.RemoteEngine;
import dev.mesh.node.remote.RemoteFailure;
import dev.mesh.node.remote.RemoteInference;
import dev.mesh.node.remote.RemoteModel;
import dev.mesh.node.remote.Remotes;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.routing.TokenEstimate;
import dev.mesh.protocol.advert.Network;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on this node's remote engines, as many at once as each takes, the higher priority class first, each
 * class in arrival order, with aging ({@link PriorityLanes}). A call that fails
 * saying the remote is out opens its circuit and sends the task — and every task still queued for that remote —
 * back to routing, which degrades it to a local model or lets it wait, as its fallback says: never lost, never
 * frozen behind a remote that does not answer. Lives on the node's event-loop context.
 */
public final class RemoteRunner {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteRunner.class);

  private final Context context;
  private final TaskStore store;
  private final Remotes remotes;
  private final RemoteInference inference;
  private final Standing standing;
  private final String nodeName;
  private final Clock clock;
  private final Outcomes outcomes;
  private final CloudBudget budget;
  private final Map<String, Queue<Queued>> queues = new HashMap<>();
  private final Map<String, Running> running = new HashMap<>();
  private Consumer<TaskRecord> reroute = record -> { };
  private Runnable loadChanged = () -> { };
  private final Queueing queueing;
  /** Tells of a held task that ended elsewhere (cancelled): out of its queue, or its call reset. */
  private final EndWatch ends;

  private record Queued(String id, RemoteModel model, Priority priority) {}

  /** A call under way: on which remote, since when, and what it was estimated to take. */
  private record Running(String engine, long sinceMs, long estimateMs) {}

  public RemoteRunner(Context context, TaskStore store, Remotes remotes, RemoteInference inference, Standing standing,
      String nodeName, Clock clock, CloudBudget budget) {
    this(context, store, remotes, inference, standing, nodeName, clock, budget, Queueing.DEFAULT);
  }

  public RemoteRunner(Context context, TaskStore store, Remotes remotes, RemoteInference inference, Standing standing,
      String nodeName, Clock clock, CloudBudget budget, Queueing queueing) {
    this.queueing = queueing;
    this.budget = budget;
    this.context = context;
    this.store = store;
    this.remotes = remotes;
    this.inference = inference;
    this.standing = standing;
    this.nodeName = nodeName;
    this.clock = clock;
    this.outcomes = new Outcomes(context, store);
    this.ends = new EndWatch(context, store);
    standing.onSettled(() -> remotes.all().forEach(this::pump));
    remotes.onChange(() -> context.runOnContext(v -> remotes.all().forEach(this::pump)));
  }

  /** Told of a task its remote failed: back in the queue here, to be routed again. */
  public void onReroute(Consumer<TaskRecord> action) {
    reroute = action;
  }

  public void onLoadChange(Runnable listener) {
    loadChanged = listener;
  }

  public void enqueue(TaskRecord record, Remotes.Served served) {
    queues.computeIfAbsent(served.engine().name(), k -> queueing.newQueue(Queued::priority, clock::millis))
        .add(new Queued(record.id(), served.model(), record.task().request().priorityOrNormal()));
    ends.follow(record.id(), () -> dropQueued(served.engine().name(), record.id()));
    pump(served.engine());
    loadChanged.run();
  }

  /** A queued task that ended meanwhile (cancelled) leaves its queue: it would not start anyway, but it would count. */
  private void dropQueued(String engine, String id) {
    Queue<Queued> queue = queues.get(engine);
    if (queue != null && queue.removeIf(q -> q.id().equals(id))) {
      LOG.info("task {} ended while queued here for remote {}; it leaves the queue", id, engine);
      loadChanged.run();
    }
  }

  public boolean holds(String id) {
    return running.containsKey(id) || queues.values().stream().anyMatch(q -> q.stream().anyMatch(x -> x.id().equals(id)));
  }

  public int running() {
    return running.size();
  }

  public int queued() {
    return queues.values().stream().mapToInt(Queue::size).sum();
  }

  /**
   * Seconds of work ahead of a new task on this remote, by its measured speeds: what is queued, and what the
   * running calls have left of their estimates, shared by its slots.
   */
  public double backlogSeconds(RemoteEngine engine) {
    double seconds = 0;
    for (Queued q : queues.getOrDefault(engine.name(), new ArrayDeque<>())) {
      seconds += store.get(q.id()).map(r -> estimate(r.task().request(), q.model())).orElse(0.0);
    }
    long now = clock.millis();
    for (Running r : running.values()) {
      if (r.engine().equals(engine.name())) {
        seconds += Math.max(0, r.estimateMs() - (now - r.sinceMs())) / 1000.0;
      }
    }
    return seconds / Math.max(1, engine.concurrency());
  }

  private static double estimate(TaskRequest req, RemoteModel model) {
    return TokenEstimate.promptTokens(req) / model.stats().prefillTokensPerSecond()
        + TokenEstimate.maxTokens(req) / model.stats().decodeTokensPerSecond();
  }

  /** Calls under way on this remote: counted from the running tasks, not kept beside them. */
  private long inFlight(RemoteEngine engine) {
    return running.values().stream().filter(r -> r.engine().equals(engine.name())).count();
  }

  private void pump(RemoteEngine engine) {
    Queue<Queued> queue = queues.get(engine.name());
    if (queue == null || !standing.settled()) {
      return;
    }
    if (!engine.breaker().state().admits() && !queue.isEmpty()) {
      rerouteAll(engine, queue, "remote " + engine.name() + " is out (" + engine.breaker().outage() + ")");
      return;
    }
    while (!queue.isEmpty() && inFlight(engine) < engine.slots()) {
      Queued next = queue.poll();
      long estimateMs = store.get(next.id()).map(r -> (long) (estimate(r.task().request(), next.model()) * 1000))
          .orElse(0L);
      running.put(next.id(), new Running(engine.name(), clock.millis(), estimateMs));
      start(next, engine).onComplete(done -> {
        running.remove(next.id());
        ends.forget(next.id());
        if (done.failed() && !(done.cause() instanceof TaskStore.StaleChange)) {
          LOG.error("task {} could not be recorded", next.id(), done.cause());
        }
        pump(engine);
        loadChanged.run();
      });
    }
  }

  private Future<TaskRecord> start(Queued q, RemoteEngine engine) {
    TaskRecord record = store.get(q.id()).orElse(null);
    if (record == null || record.terminal()) {
      return Future.succeededFuture(record);
    }
    if (record.task().pastDeadline(clock.instant())) {
      return store.update(q.id(), r -> r.expired(clock.instant())).recover(Outcomes::staleIsDone);
    }
    return store.update(q.id(), r -> r.placement().heldBy(nodeName) && r.state() == TaskState.QUEUED
            ? r.running(nodeName, clock.instant()) : null)
        .compose(running -> run(running, engine, q.model()), Outcomes::staleIsDone);
  }

  private Future<TaskRecord> run(TaskRecord running, RemoteEngine engine, RemoteModel model) {
    int attempt = running.attempts();
    String id = running.id();
    StopSignal stop = new StopSignal();
    ends.follow(id, () -> {
      LOG.info("task {} ended elsewhere while remote {} runs it; its call is reset", id, engine.name());
      stop.stop();
    });
    TokenFeed tokens = TokenFeed.of(context.owner(), nodeName, id);
    return inference.run(running.task(), engine, model, tokens, stop)
        .andThen(done -> tokens.flush()) // every piece of text out before its end is stored
        .compose(result -> {
          engine.breaker().succeeded();
          remotes.changed();
          // counted before the outcome is stored: a caller who then sends the next task is routed by it
          return spent(engine, result).compose(v -> outcomes.record(id, attempt,
              r -> r.succeeded(result, clock.instant())));
        }, failure -> stop.stopped() ? stopped(id, engine) : failed(id, attempt, engine, model, failure));
  }

  /** A call this node reset because its task ended (cancelled) failed as asked: no outage, the circuit is untouched. */
  private Future<TaskRecord> stopped(String id, RemoteEngine engine) {
    LOG.info("task {}: its call to remote {} was reset; the task had ended", id, engine.name());
    return Future.succeededFuture(store.get(id).orElse(null));
  }

  /** A cloud call counts against the mesh's daily budget (recorded off the event loop: it writes a file). */
  private Future<Void> spent(RemoteEngine engine, TaskResult result) {
    if (engine.network() != Network.CLOUD || result.usage() == null) {
      return Future.succeededFuture();
    }
    long in = result.usage().promptTokens();
    long out = result.usage().completionTokens();
    return context.owner().executeBlocking(() -> {
      budget.spent(in + out, engine.cost(in, out));
      return null;
    }, true);
  }

  private Future<TaskRecord> failed(String id, int attempt, RemoteEngine engine, RemoteModel model, Throwable failure) {
    if (failure instanceof RemoteFailure f && f.outage()) {
      model.stats().failed();
      engine.breaker().failed(f);
      remotes.changed();
      LOG.warn("task {}: remote {} failed ({}); its circuit is open until {}", id, engine.name(), f.getMessage(),
          engine.breaker().openUntil());
      return backToRouting(id, attempt, "remote " + engine.name() + " failed: " + f.getMessage());
    }
    ApiError error = failure instanceof RemoteFailure f ? ApiError.of(ErrorCodes.REMOTE_REJECTED, f.getMessage())
        : failure instanceof OutputRejected rejected ? rejected.error()
        : ApiError.of(ErrorCodes.INTERNAL, String.valueOf(failure));
    LOG.warn("task {} failed: {} {}", id, error.code(), error.message());
    return outcomes.record(id, attempt, r -> r.failed(error, clock.instant()));
  }

  /** Back in the queue here, then to routing: the remote is out now, so the task follows the outage rule. */
  private Future<TaskRecord> backToRouting(String id, int attempt, String why) {
    return outcomes.record(id, attempt, r -> r.requeued(nodeName, why, clock.instant()))
        .onSuccess(r -> {
          if (r != null && r.state() == TaskState.QUEUED) {
            reroute.accept(r);
          }
        });
  }

  private void rerouteAll(RemoteEngine engine, Queue<Queued> queue, String why) {
    while (!queue.isEmpty()) {
      Queued q = queue.poll();
      store.update(q.id(), r -> !r.terminal() && r.placement().heldBy(nodeName) && r.state() == TaskState.QUEUED
              ? r.requeued(nodeName, why, clock.instant()) : null)
          .onSuccess(reroute::accept)
          .recover(Outcomes::staleIsDone);
    }
    loadChanged.run();
  }
}
