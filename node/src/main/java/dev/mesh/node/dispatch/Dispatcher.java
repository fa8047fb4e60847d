package dev.mesh.node.dispatch;

import dev.mesh.node.security.Kind;
import dev.mesh.node.security.SealedBus;
import dev.mesh.protocol.seal.Opening;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.cluster.Addresses;
import dev.mesh.node.cluster.Standing;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.handoff.SharedFolder;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.remote.Remotes;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.routing.Objective;
import dev.mesh.protocol.routing.RouteDecision;
import dev.mesh.protocol.routing.RouteRequest;
import dev.mesh.protocol.routing.Router;
import dev.mesh.protocol.routing.RoutingPolicy;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Placement;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.RouteNote;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskState;
import dev.mesh.protocol.task.Degraded;
import dev.mesh.protocol.task.Fallback;
import dev.mesh.protocol.task.TaskKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each task to the node where it finishes soonest (docs/architecture.md, routing): routes it with the
 * live adverts, runs it here or hands it over the clustered event bus. A receiver re-checks and
 * routes on if it can no longer take the task; hops are limited, never revisit a node, and every
 * decision is recorded on the task with its reasons.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  /** A receiver's refusal: the task changed after it was sent (re-routed, ended), so it is no longer the sender's to place. */
  static final int MOVED_ON = 409;
  static final int CANNOT_TAKE = 500;

  private final Vertx vertx;
  private final TaskStore store;
  private final TaskRunner runner;
  private final ModelCatalog models;
  private final Remotes remotes;
  private final RemoteRunner remoteRunner;
  private final Fallback defaultFallback;
  private final AdvertBook adverts;
  private final Supplier<NodeAdvert> self;
  private final Objective objective;
  /** The router, or a baseline it is benchmarked against; {@code placed} is round-robin's turn. */
  private final RoutingPolicy policy;
  /** Whether waiting tasks may move to a node that would finish them sooner ({@link Rebalancer}). */
  private final boolean rebalance;
  private long placed;
  private final int hopLimit;
  private final long hopTimeoutMs;
  private final String nodeName;
  private final Clock clock;
  /** Work this node sent to others that their adverts may not show yet: node id → (sent at, seconds). */
  private final Map<String, List<Sent>> sentSinceAdvert = new HashMap<>();
  private final Set<String> waiting = new HashSet<>();
  /** Tasks being placed now (routing, handing over, sending through the folder): not stranded, just busy. */
  private final Set<String> placing = new HashSet<>();
  /** Moves tasks waiting here to a node that would finish them sooner. */
  private final Rebalancer rebalancer;
  /** Another way to a node when the event bus can't deliver. */
  private final SharedFolder folder;
  /** A node merging back takes no hop: its copy of the records may lack the task, or hold an old version of it. */
  private final Standing standing;

  /** {@code taken}: when the receiver acknowledged; an advert it made after that shows the work. */
  private static final class Sent {
    final double seconds;
    Instant taken;

    Sent(double seconds) {
      this.seconds = seconds;
    }
  }

  public Dispatcher(Vertx vertx, TaskStore store, TaskRunner runner, ModelCatalog models, AdvertBook adverts,
      Supplier<NodeAdvert> self, SharedFolder folder, Standing standing, Settings settings, Clock clock) {
    this(vertx, store, runner, models, Remotes.none(), null, adverts, self, folder, standing, settings, clock);
  }

  public Dispatcher(Vertx vertx, TaskStore store, TaskRunner runner, ModelCatalog models, Remotes remotes,
      RemoteRunner remoteRunner, AdvertBook adverts, Supplier<NodeAdvert> self, SharedFolder folder, Standing standing,
      Settings settings, Clock clock) {
    this.vertx = vertx;
    this.remotes = remotes;
    this.remoteRunner = remoteRunner;
    this.defaultFallback = settings.fallback();
    this.folder = folder;
    this.standing = standing;
    this.store = store;
    this.runner = runner;
    this.models = models;
    this.adverts = adverts;
    this.self = self;
    this.objective = settings.objective();
    this.policy = settings.policy();
    this.rebalance = settings.rebalance() && settings.policy() == RoutingPolicy.ROUTER;
    this.hopLimit = settings.hopLimit();
    this.hopTimeoutMs = settings.hopTimeoutMs();
    this.nodeName = settings.nodeName();
    this.clock = clock;
    this.rebalancer = new Rebalancer(runner, this, models, store);
  }

  /** What the dispatcher is told by config; {@code fallback}: what a task bound for a remote that is out does. */
  public record Settings(String nodeName, Objective objective, int hopLimit, long hopTimeoutMs, Fallback fallback,
      RoutingPolicy policy, boolean rebalance) {
    public Settings(String nodeName, Objective objective, int hopLimit, long hopTimeoutMs, Fallback fallback,
        RoutingPolicy policy) {
      this(nodeName, objective, hopLimit, hopTimeoutMs, fallback, policy, true);
    }

    public Settings(String nodeName, Objective objective, int hopLimit, long hopTimeoutMs, Fallback fallback) {
      this(nodeName, objective, hopLimit, hopTimeoutMs, fallback, RoutingPolicy.ROUTER);
    }

    public Settings(String nodeName, Objective objective, int hopLimit, long hopTimeoutMs) {
      this(nodeName, objective, hopLimit, hopTimeoutMs, Fallback.LOCAL);
    }
  }

  private static final byte[] TAKEN = "taken".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Listens for tasks handed to this node. */
  public void listen(String nodeId) {
    SealedBus.of(vertx).consumer(Addresses.hop(nodeId), Kind.HOP, this::onHop);
  }

  /** Routes without recording anything: lets the intake refuse at once what no live node can run. */
  public RouteDecision preview(TaskRequest request) {
    RouteRequest r = RouteRequest.of(request, objective);
    List<NodeAdvert> live = liveAdverts(self.get());
    RouteDecision decision = Router.route(r, live, Set.of());
    // bound for a remote that is out, it is still taken: it degrades or waits (followOutageRule)
    return decision.routable() ? decision : Router.routeIgnoringOutages(r, live, Set.of());
  }

  /**
   * Routes a task this node holds: runs it here or hands it to a better node. A failure other than someone else
   * moving the task (a store write refused mid-merge, the folder unwritable) leaves it held here, unplaced: it is
   * logged, and {@code recovery.StrandedTasks} places it again.
   */
  public Future<TaskRecord> dispatch(TaskRecord record) {
    return whilePlacing(record.id(), () -> dispatch(record, new HashSet<>()));
  }

  /** Places a task, marked as being placed until that is done (not stranded, just busy); a failure as above. */
  private Future<TaskRecord> whilePlacing(String id, Supplier<Future<TaskRecord>> placement) {
    placing.add(id);
    return placement.get()
        .onComplete(done -> placing.remove(id))
        .onFailure(e -> {
          if (!(e instanceof TaskStore.StaleChange)) {
            LOG.warn("task {}: could not be placed ({}); it stays here until it is placed again", id, e.toString());
          }
        });
  }

  /**
   * Whether this node is placing the task now (routing it, waiting for its receiver or the folder) or holds it
   * waiting for a node that can run it, routed again at each heartbeat.
   */
  public boolean placing(String id) {
    return placing.contains(id) || waiting.contains(id);
  }

  /**
   * A task whose engine crashed here, routed once more: to another node that can run it now, else it waits here
   * for the engine's restart (a crash says little about the task; the next one fails it).
   */
  public Future<TaskRecord> retryAfterCrash(TaskRecord record) {
    NodeAdvert me = self.get();
    List<NodeAdvert> live = liveAdverts(me);
    RouteDecision decision = Router.route(RouteRequest.of(record.task().request(), objective), live,
        visitedIds(record, live, me));
    if (decision.routable() && !decision.chosen().nodeId().equals(me.id())) {
      return dispatch(record);
    }
    runHere(record);
    return Future.succeededFuture(record);
  }

  private Future<TaskRecord> dispatch(TaskRecord record, Set<String> unreachable) {
    NodeAdvert me = self.get();
    List<NodeAdvert> live = liveAdverts(me);
    Set<String> excluded = visitedIds(record, live, me);
    excluded.addAll(unreachable);
    RouteRequest request = RouteRequest.of(record.task().request(), objective);
    RouteDecision decision = policy.choose(Router.route(request, live, excluded), live, placed++);
    if (decision.routable()) {
      RouteNote note = policy == RoutingPolicy.ROUTER ? decision.note() : decision.note().chosenBy(policy.wire());
      return place(record, decision, Hop.routed(nodeName, clock.instant(), decision.explain(),
          decision.chosen().estimatedSeconds(), note), live, unreachable);
    }
    Optional<RemoteOutage> outage = RemoteOutage.of(Router.routeIgnoringOutages(request, live, excluded), live);
    if (outage.isPresent()) {
      return followOutageRule(record, request, outage.get(), live, excluded, unreachable, decision);
    }
    return record.task().request().requirementsOrNone().waitForNode()
        ? waitForNode(record, decision) : fail(record.id(), decision.noCapableNode());
  }

  /**
   * The task is bound for a remote that is out (or a cloud past its budget): it runs on the best local model that
   * serves its kind, labelled as degraded, or waits for the remote — as its fallback says; with no local model for
   * it, it waits. Waiting, it is routed again at each heartbeat, and goes to the remote once that is back.
   */
  private Future<TaskRecord> followOutageRule(TaskRecord record, RouteRequest request, RemoteOutage outage,
      List<NodeAdvert> live, Set<String> excluded, Set<String> unreachable, RouteDecision decision) {
    if (fallbackOf(record.task().request()) == Fallback.LOCAL) {
      RouteDecision local = Router.route(request.anyModel(), live, excluded);
      if (local.routable()) {
        Degraded degraded = new Degraded(outage.wanted(), local.chosen().modelId(), outage.reason());
        String why = "degraded: wanted " + outage.wanted() + " (" + outage.reason() + "); " + local.explain();
        return place(record, local, Hop.routed(nodeName, clock.instant(), why, local.chosen().estimatedSeconds(),
            local.note().degradedFrom(degraded)), live, unreachable);
      }
    }
    return waitForNode(record, decision);
  }

  /** The task's own fallback, else this node's; an embedding waits unless it says otherwise (see docs). */
  private Fallback fallbackOf(TaskRequest request) {
    Fallback own = request.requirementsOrNone().fallbackOrNull();
    if (own != null) {
      return own;
    }
    // vectors from another model would not match the ones already in the caller's index: never swap silently
    return request.kind() == TaskKind.EMBED ? Fallback.WAIT : defaultFallback;
  }

  /**
   * Runs the task here or hands it to the chosen node; the decision is stored with the change that takes the task
   * (here: with its start when the engine is idle; there: with the receiver's taking).
   */
  private Future<TaskRecord> place(TaskRecord record, RouteDecision decision, Hop routed, List<NodeAdvert> live,
      Set<String> unreachable) {
    NodeAdvert me = self.get();
    Priority priority = record.task().request().priorityOrNormal();
    if (decision.chosen().nodeId().equals(me.id())) {
      // until it is in this node's queue, the next task of a burst must see it: the journal write takes a while
      Sent reserved = remember(me.id(), ownCost(decision, live, priority));
      LocalModel now = startsAtOnce(record);
      Future<TaskRecord> placed = now != null // the decision and the start stored as one change
          ? runner.takeAndStart(record, now, r -> heldHere(r) ? r.routed(routed) : null)
          : store.update(record.id(), r -> heldHere(r) ? r.routed(routed) : null).onSuccess(this::runHere);
      return placed.onComplete(done -> forget(me.id(), reserved));
    }
    if (record.moves() >= hopLimit) {
      return fail(record.id(), ApiError.of(RouteDecision.NO_CAPABLE_NODE, "hop limit " + hopLimit
          + " reached; last decision: " + decision.explain()));
    }
    // The decision is not stored before the hand-over: it travels in the record sent, and the receiver stores it
    // with its taking in one compare-and-set, against the version this node holds (one durable change fewer per
    // hop). Sent only if this node's copy still holds it here; a copy behind the mesh's is refused there (MOVED_ON).
    TaskRecord held = store.get(record.id()).filter(this::heldHere).orElse(null);
    if (held == null) {
      return Future.succeededFuture(store.get(record.id()).orElse(record));
    }
    String target = decision.chosen().nodeId();
    TaskRecord sending = held.routed(routed);
    Sent sent = remember(target, ownCost(decision, live, priority));
    return handOver(sending, target).onSuccess(v -> sent.taken = clock.instant()).map(sending)
        .recover(failure -> {
          forget(target, sent);
          if (failure instanceof ReplyException reply && reply.failureCode() == MOVED_ON) {
            return movedOn(held, decision.chosen().nodeName(), failure.getMessage(), target, unreachable);
          }
          if (folder.present() && undelivered(failure)) {
            // the decision stored now, only as held: if the receiver took it after all (a late reply), the
            // compare on the version refuses, and so does the folder's
            return store.update(held.id(), r -> r.version() == held.version() && heldHere(r) ? r.routed(routed) : null)
                .compose(r -> folder.send(r, decision.chosen().nodeName(), "event bus could not deliver to "
                    + decision.chosen().nodeName() + " (" + failure.getMessage() + ")"))
                .recover(e -> e instanceof TaskStore.StaleChange
                    ? Future.succeededFuture(store.get(held.id()).orElse(held)) : Future.failedFuture(e));
          }
          LOG.warn("task {}: {} did not take it ({}); routing again", held.id(), decision.chosen().nodeName(),
              failure.getMessage());
          unreachable.add(target);
          return dispatch(held, unreachable);
        });
  }

  /**
   * Only the holder places a task, and only one it has here or waiting: a copy read before another node took it,
   * or one this node already put in the shared folder, must not be sent again.
   */
  private boolean heldHere(TaskRecord r) {
    Placement p = r.placement();
    return p.heldBy(nodeName) && (p.is(Placement.Via.HERE) || p.is(Placement.Via.WAITING));
  }

  /**
   * The receiver says the task moved on after it was sent: someone else placed it meanwhile, and routing it again
   * would run it twice. Unless the mesh's record is still the one sent — then the receiver's copy of the records
   * was what lacked it (it had just rejoined, say), nobody took the task, and it is routed again without that node.
   */
  private Future<TaskRecord> movedOn(TaskRecord sent, String receiver, String why, String target,
      Set<String> unreachable) {
    return store.meshRecord(sent.id()).compose(newest -> {
      if (newest.isPresent() && newest.get().version() == sent.version() && heldHere(newest.get())) {
        LOG.warn("task {}: {} said it moved on ({}), but the mesh's record is as sent; routing again without {}",
            sent.id(), receiver, why, receiver);
        unreachable.add(target);
        return dispatch(newest.get(), unreachable);
      }
      LOG.info("task {}: {} refused it: {}", sent.id(), receiver, why);
      return Future.succeededFuture(newest.orElse(sent));
    });
  }

  /**
   * The event bus did not get the task there (no handler: not a member, or not joined; timeout: cut off or
   * frozen) — as opposed to the receiver refusing it, which routing again answers.
   */
  private static boolean undelivered(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE;
  }

  /** The task asked to wait: it stays here and is routed again as adverts change, until its deadline. */
  private Future<TaskRecord> waitForNode(TaskRecord record, RouteDecision decision) {
    waiting.add(record.id());
    // said once is enough; checked on the stored record, as the first heartbeat retry can start before
    // the first "waiting" is stored (the task's copy passed in here does not show it yet)
    return store.update(record.id(), r -> !heldHere(r) || r.placement().is(Placement.Via.WAITING)
            ? null : r.waitingAt(nodeName, decision.explain(), clock.instant()))
        .recover(e -> e instanceof TaskStore.StaleChange
            ? Future.succeededFuture(store.get(record.id()).orElse(record)) : Future.failedFuture(e));
  }

  /** Called on every advert heartbeat: waiting tasks are routed again (and wait on, or expire). */
  public void retryWaiting() {
    for (String id : new ArrayList<>(waiting)) {
      waiting.remove(id);
      TaskRecord record = store.get(id).orElse(null);
      if (record == null || record.terminal()) {
        continue;
      }
      if (record.task().pastDeadline(clock.instant())) {
        store.update(id, r -> r.expired(clock.instant()));
      } else {
        dispatch(record);
      }
    }
  }

  private Future<Void> handOver(TaskRecord record, String targetNodeId) {
    byte[] body;
    try {
      body = MeshJson.mapper().writeValueAsBytes(record);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return SealedBus.of(vertx).request(Addresses.hop(targetNodeId), body,
        new DeliveryOptions().setSendTimeout(hopTimeoutMs), Kind.HOP_REPLY).mapEmpty();
  }

  /** A task handed to this node: take responsibility (durably), then run it here or route it on. */
  private void onHop(Message<Buffer> message, Opening.Opened opened) {
    TaskRecord arrived;
    try {
      arrived = MeshJson.mapper().readValue(opened.payload(), TaskRecord.class);
    } catch (IOException | RuntimeException e) {
      message.fail(400, "unreadable task: " + e.getMessage());
      return;
    }
    if (!standing.settled()) {
      message.fail(CANNOT_TAKE, nodeName + " is merging back into the mesh and takes no task for now");
      return;
    }
    // Taken only as sent: a hop that arrives late (this node was frozen or slow past the sender's timeout)
    // finds the task re-routed or re-queued meanwhile, and taking it then would run it twice.
    LocalModel now = startsAtOnce(arrived);
    if (now != null) { // its taking and its start stored as one change
      runner.takeAndStart(arrived, now, r -> takenAsSent(r, arrived))
          .onSuccess(started -> SealedBus.of(vertx).reply(message, TAKEN))
          .onFailure(e -> refuseHop(message, arrived, e));
      return;
    }
    store.update(arrived.id(), r -> takenAsSent(r, arrived))
        .onSuccess(held -> {
          SealedBus.of(vertx).reply(message, TAKEN);
          Optional<Remotes.Served> remote = canRunRemotely(held);
          LocalModel model = remote.isPresent() ? null : canRunNow(held);
          if (remote.isPresent()) {
            remoteRunner.enqueue(held, remote.get());
          } else if (model != null) {
            runner.enqueue(held, model);
          } else {
            dispatch(held); // its remote went out since the sender chose it: the outage rule applies here
          }
        })
        .onFailure(e -> refuseHop(message, arrived, e));
  }

  private static void refuseHop(Message<Buffer> message, TaskRecord arrived, Throwable e) {
    message.fail(e instanceof TaskStore.StaleChange ? MOVED_ON : CANNOT_TAKE,
        e instanceof TaskStore.StaleChange ? "task " + arrived.id() + " moved on after it was sent here"
            : e.getMessage());
  }

  /**
   * The local model a task would start on the moment it is taken here — not drained, no remote serving it, the
   * model's engine ready and idle with nothing queued — else null (it queues, or is routed on, as usual).
   */
  private LocalModel startsAtOnce(TaskRecord record) {
    if (remotes.forRecord(record).isPresent()) {
      return null;
    }
    LocalModel model = canRunNow(record);
    return model != null && runner.startsAtOnce(model, record) ? model : null;
  }

  /**
   * The record to store as taken here, or null when the task moved on after it was sent. The sender stores its
   * routing decision with the hand-over: {@code arrived} is the mesh's record plus that one change. A record sent
   * as stored (through the folder's retry, or by a node of an earlier version) is taken as it is.
   */
  private TaskRecord takenAsSent(TaskRecord current, TaskRecord arrived) {
    if (current.version() == arrived.version()) {
      return current.hops().equals(arrived.hops()) ? current.handedTo(nodeName, clock.instant()) : null;
    }
    boolean routedFromCurrent = arrived.version() == current.version() + 1 && arrived.continues(current);
    return routedFromCurrent ? arrived.handedTo(nodeName, clock.instant()) : null;
  }

  /** The receiver's re-check (the advert it was chosen by may be a second old): is its engine still usable? */
  /** The same re-check for a remote model: its circuit may have opened, or the node drained, since. */
  private Optional<Remotes.Served> canRunRemotely(TaskRecord record) {
    return self.get().state() == NodeState.DRAINING ? Optional.empty()
        : remotes.forRecord(record).filter(served -> served.engine().breaker().state().admits());
  }

  private LocalModel canRunNow(TaskRecord record) {
    if (self.get().state() == NodeState.DRAINING) {
      return null; // drained after the sender chose it: routed on, like a task for a model not held here
    }
    LocalModel model = models.forRecord(record).orElse(null);
    return model != null && model.engineStatus().state() != EngineStatus.State.UNUSABLE ? model : null;
  }

  private void runHere(TaskRecord record) {
    Optional<Remotes.Served> remote = remotes.forRecord(record);
    if (remote.isPresent()) {
      remoteRunner.enqueue(record, remote.get());
      return;
    }
    LocalModel model = models.forRecord(record).orElse(null);
    if (model == null) {
      fail(record.id(), ApiError.of(ErrorCodes.NO_MODEL, "routed here but model '"
          + record.task().request().requestedModel() + "' is not served here"));
      return;
    }
    runner.enqueue(record, model);
  }

  private Future<TaskRecord> fail(String id, ApiError error) {
    LOG.info("task {} cannot be routed: {}", id, error.message());
    return store.update(id, r -> heldHere(r) ? r.failed(error, clock.instant()) : null);
  }

  /**
   * Live adverts, this node's own fresh, the others' backlog raised by what this node sent them after
   * their advert was made: without it a burst of tasks would all pile onto the node that looked idle.
   */
  private List<NodeAdvert> liveAdverts(NodeAdvert me) {
    List<NodeAdvert> live = new ArrayList<>();
    live.add(withReserved(me, sentSinceAdvert.getOrDefault(me.id(), List.of())));
    for (NodeAdvert a : adverts.live()) {
      if (!a.id().equals(me.id())) {
        live.add(withUnseenWork(a));
      }
    }
    return live;
  }

  private NodeAdvert withUnseenWork(NodeAdvert advert) {
    List<Sent> sent = sentSinceAdvert.get(advert.id());
    if (sent == null || advert.load() == null) {
      return advert;
    }
    Instant heard = adverts.receivedAt(advert.id()).orElse(Instant.MIN);
    sent.removeIf(s -> s.taken != null && heard.isAfter(s.taken));
    return withReserved(advert, sent);
  }

  /** The advert with the work sent to it that it does not show yet counted in its load. */
  private static NodeAdvert withReserved(NodeAdvert advert, List<Sent> sent) {
    double unseen = sent.stream().mapToDouble(s -> s.seconds).sum();
    Load load = advert.load();
    return unseen <= 0 || load == null ? advert
        : advert.withLoad(load.withUnseen(sent.size(), unseen), advert.timestamp());
  }

  /** What this one task adds to the chosen node's backlog: its estimate less the backlog it waits behind (see Load). */
  private static double ownCost(RouteDecision decision, List<NodeAdvert> live, Priority priority) {
    Double estimate = decision.chosen().estimatedSeconds();
    return estimate == null ? 0 : live.stream().filter(a -> a.id().equals(decision.chosen().nodeId())).findFirst()
        .map(a -> a.load() == null ? estimate : a.load().addedBy(estimate, priority)).orElse(estimate);
  }

  private Sent remember(String nodeId, double seconds) {
    Sent sent = new Sent(seconds);
    sentSinceAdvert.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(sent);
    return sent;
  }

  private void forget(String nodeId, Sent sent) {
    List<Sent> list = sentSinceAdvert.get(nodeId);
    if (list != null) {
      list.remove(sent);
    }
  }

  /**
   * Looks whether tasks waiting here would finish clearly sooner on another node now, and moves them there
   * ({@link Rebalancer}). Call on the node's context when another node's load changed, and at each heartbeat.
   */
  public void rebalance() {
    rebalancer.look();
  }

  /**
   * Whether tasks waiting here may move to a node that would finish them sooner now: the router's, when configured,
   * only while this node stands in the mesh (cut off or merging back, its copy of the records may be behind, and a
   * move could fall back to the shared folder past the failover that already re-placed the task), and only while
   * another node is idle by its newest advert (a look at a long queue is not free, and adverts come often).
   */
  boolean rebalances() {
    return rebalance && standing.settled()
        && adverts.live().stream().anyMatch(a -> !a.name().equals(nodeName) && idle(a));
  }

  private static boolean idle(NodeAdvert a) {
    return a.load() != null && a.load().running() == 0 && a.load().queued() == 0;
  }

  /**
   * Whether a task waiting here may move on: the router placed it (a baseline's placement is what a benchmark
   * measures), it asked for the soonest finish (another objective is not served by moving it to the node that ends
   * it first), and it has a hop to spare after the move — the receiver may have to route it on, and a task past its
   * hop limit fails.
   */
  boolean mayMove(TaskRecord record) {
    RouteRequest request = RouteRequest.of(record.task().request(), objective);
    return record.state() == TaskState.QUEUED && heldHere(record) && record.moves() + 1 < hopLimit
        && request.objective() == Objective.FASTEST && !record.task().pastDeadline(clock.instant())
        && placedByRouter(record);
  }

  /** Whether the newest routing decision on the task was the router's (not a baseline's). */
  private static boolean placedByRouter(TaskRecord record) {
    return record.lastRouted().map(h -> h.route() == null || h.route().byRouter()).orElse(true);
  }

  /**
   * Where else a task waiting here for {@code modelId} could run: the router's choice among the other live nodes
   * serving that model that were idle by their newest advert (what this node sent them since counted in their
   * estimates), its visited nodes left out. Only idle ones: a busy node's queue is what routing already weighed, and
   * moving work between two busy nodes on estimates made in the same rush only shuffles it.
   */
  RouteDecision elsewhere(TaskRecord record, String modelId) {
    NodeAdvert me = self.get();
    List<NodeAdvert> live = liveAdverts(me);
    Set<String> excluded = visitedIds(record, live, me);
    excluded.add(me.id());
    for (NodeAdvert a : adverts.live()) {
      if (!idle(a)) {
        excluded.add(a.id());
      }
    }
    return Router.route(RouteRequest.of(record.task().request(), objective).withModel(modelId), live, excluded);
  }

  /**
   * Places a task taken out of this node's queue on the node {@code decision} chose; {@code why} leads its routed
   * hop. If that node does not take it, it is routed again like any task (back here, when nothing is better).
   */
  Future<TaskRecord> move(TaskRecord record, RouteDecision decision, String why) {
    Hop routed = Hop.routed(nodeName, clock.instant(), why + "; " + decision.explain(),
        decision.chosen().estimatedSeconds(), decision.note());
    return whilePlacing(record.id(), () -> place(record, decision, routed, liveAdverts(self.get()), new HashSet<>()));
  }

  /** Nodes the task was at before (never this one: staying is not a revisit). */
  private static Set<String> visitedIds(TaskRecord record, List<NodeAdvert> live, NodeAdvert me) {
    Set<String> names = new HashSet<>();
    for (Hop h : record.hops()) {
      if (h.is(HopEvent.HOP) || h.is(HopEvent.ACCEPTED)) {
        names.add(h.node());
      }
    }
    names.remove(me.name());
    Set<String> ids = new HashSet<>();
    for (NodeAdvert a : live) {
      if (names.contains(a.name())) {
        ids.add(a.id());
      }
    }
    return ids;
  }
}
