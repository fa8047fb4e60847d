package dev.mesh.node.handoff;

import dev.mesh.node.security.SealedBus;
import dev.mesh.protocol.seal.FileSeal;
import dev.mesh.handoff.Claim;
import dev.mesh.handoff.HandoffDir;
import dev.mesh.handoff.HandoffTask;
import dev.mesh.handoff.Inbox;
import dev.mesh.handoff.Leases;
import dev.mesh.handoff.NodeBoard;
import dev.mesh.handoff.Poller;
import dev.mesh.handoff.Quarantine;
import dev.mesh.handoff.Results;
import dev.mesh.handoff.TaskFiles;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.config.HandoffConfig;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.inference.LocalModel;
import dev.mesh.node.remote.Remotes;
import dev.mesh.node.inference.ModelCatalog;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.Placement;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskValidator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the shared folder. Sends a task there when the event bus could not deliver it, and
 * completes it here when its result file appears. Takes the tasks waiting there that this node can run,
 * runs them with its own runner, keeps their leases renewed and writes their results. Publishes this node's
 * advert there and reads the others', so routing also sees nodes that only the folder reaches.
 * The folder is scanned on the poller's own thread; everything that touches the node's state hops onto
 * the node's context.
 */
public final class HandoffTransport implements SharedFolder {
  private static final Logger LOG = LoggerFactory.getLogger(HandoffTransport.class);
  /** A node advert in the folder older than this is not live (its node rewrites it every heartbeat). */
  public static final Duration ADVERT_MAX_AGE = Duration.ofSeconds(5);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final Context context;
  private final HandoffConfig config;
  private final String nodeName;
  private final TaskStore store;
  private final ModelCatalog models;
  private final AdvertBook book;
  private final BiConsumer<TaskRecord, LocalModel> run;
  private final Remotes remotes;
  private final BiConsumer<TaskRecord, Remotes.Served> runRemote;
  private final Clock clock;
  private final HandoffDir dir;
  private final Inbox inbox;
  private final Leases leases;
  private final Results results;
  private final NodeBoard board;
  /** Tasks this node runs for the folder, by id. */
  private final Map<String, Claim> held = new ConcurrentHashMap<>();
  /** Of those, the ones the store has taken (so their record says where the mesh has them). */
  private final java.util.Set<String> taken = ConcurrentHashMap.newKeySet();
  /** Tasks this node sent through the folder, waiting for their results. */
  private final AwaitedResults awaited;
  private final int capacity;
  private volatile long lastPruneMs;
  private Poller poller;
  private java.util.function.BooleanSupplier draining = () -> false;

  /**
   * @param run queues a claimed (and journaled) task on this node's runner; called on {@code context}
   */
  public HandoffTransport(Vertx vertx, Context context, HandoffConfig config, String nodeName, TaskStore store,
      ModelCatalog models, AdvertBook book, BiConsumer<TaskRecord, LocalModel> run, Clock clock) throws IOException {
    this(vertx, context, config, nodeName, store, models, Remotes.none(), book, run, (r, served) -> { }, clock);
  }

  /**
   * @param runRemote queues a claimed task on this node's remote runner: one whose routing chose a model of
   *     {@code remotes} (never another: the sender's router applied the policy, local-only included)
   */
  public HandoffTransport(Vertx vertx, Context context, HandoffConfig config, String nodeName, TaskStore store,
      ModelCatalog models, Remotes remotes, AdvertBook book, BiConsumer<TaskRecord, LocalModel> run,
      BiConsumer<TaskRecord, Remotes.Served> runRemote, Clock clock) throws IOException {
    this.remotes = remotes;
    this.runRemote = runRemote;
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.nodeName = nodeName;
    this.store = store;
    this.models = models;
    this.book = book;
    this.run = run;
    this.clock = clock;
    this.dir = HandoffDir.open(config.path());
    Quarantine quarantine = new Quarantine(dir, clock, note -> LOG.warn("handoff: {}", note));
    FileSeal seal = SealedBus.of(vertx).security().sealing().files();
    this.inbox = new Inbox(dir, new TaskFiles(config.maxFileBytes(), TaskValidator.Limits.defaults(), seal,
        config.acceptUnsigned()), quarantine, clock, config.settle());
    this.leases = new Leases(dir, clock, config.lease());
    this.results = new Results(dir, quarantine, clock, config.maxFileBytes(), seal);
    this.board = new NodeBoard(dir, quarantine, clock, seal);
    this.awaited = new AwaitedResults(context, store, inbox, results, book);
    // a few waiting per model: enough to keep each engine busy, few enough to leave the rest for other nodes
    this.capacity = Math.max(1, models.all().size() * 2);
  }

  @Override
  public Path directory() {
    return dir.root();
  }

  /** Starts scanning the folder and advertising there; outcomes of tasks run here for it become result files. */
  @Override
  public void start(java.util.function.BooleanSupplier draining, java.util.function.Supplier<NodeAdvert> advert) {
    this.draining = draining;
    advertiseEveryHeartbeat(advert);
    store.onChange(record -> {
      if (record.terminal() && held.containsKey(record.id())) {
        finish(record);
      }
    });
    // results/ too: without its events an origin learns of a result only at its next poll (bench: +470 ms)
    poller = Poller.start("mesh-handoff", config.poll(), config.nativeWatch(),
        List.of(dir.inbox(), inboxOfMe(), dir.results()), this::scan,
        e -> LOG.warn("handoff scan: {}", e.getMessage()));
  }

  @Override
  public void stop() {
    if (poller != null) {
      poller.close();
    }
    try {
      board.withdraw(nodeName);
    } catch (IOException e) {
      LOG.debug("handoff: cannot withdraw advert: {}", e.getMessage());
    }
  }

  /** This node's advert in the folder, rewritten every heartbeat: nodes outside the cluster see it there. */
  private void advertiseEveryHeartbeat(java.util.function.Supplier<NodeAdvert> advert) {
    vertx.setPeriodic(0, dev.mesh.node.cluster.AdvertExchange.HEARTBEAT_MS, t -> {
      NodeAdvert current = advert.get();
      vertx.executeBlocking(() -> {
        board.publish(current);
        return null;
      }, false).onFailure(e -> LOG.warn("handoff: cannot publish advert: {}", e.getMessage()));
    });
  }

  /**
   * Sends a task through the folder to the node routing chose, recording why on the task; it completes here
   * when that node's result file appears.
   */
  @Override
  public Future<TaskRecord> send(TaskRecord record, String targetName, String why) {
    String reason = why + "; sent through the shared folder to " + targetName;
    long sentAsVersion = record.version();
    // only as sent: if the receiver took it after all (a late reply), the task is no longer the sender's to send
    return store.update(record.id(), r -> r.version() == sentAsVersion
            ? r.inFolder(nodeName, targetName, reason, clock.instant()) : null)
        .compose(r -> vertx.executeBlocking(() -> {
          inbox.publish(r, targetName);
          awaited.sentTo(r.id(), targetName);
          return r;
        }, false))
        .onSuccess(r -> {
          LOG.info("task {}: {}", r.id(), reason);
          poller.nudge();
        })
        .recover(e -> e instanceof TaskStore.StaleChange
            ? Future.succeededFuture(store.get(record.id()).orElse(record)) : Future.failedFuture(e));
  }

  @Override
  public boolean present() {
    return true;
  }


  /**
   * After a restart, or for a node that was lost: a task sent through the folder is waited for again, not sent
   * anew; whom it waits for is read from the folder it waits in at the next scan.
   */
  @Override
  public void awaitAgain(TaskRecord record) {
    awaited.again(record.id());
  }

  @Override
  public int pending() {
    try {
      return inbox.pending();
    } catch (IOException e) {
      return -1;
    }
  }

  /** One pass over the folder, on the poller's thread. */
  private void scan() {
    try {
      List<NodeAdvert> others = board.live(ADVERT_MAX_AGE);
      context.runOnContext(v -> others.stream().filter(a -> !a.name().equals(nodeName)).forEach(book::offerFromFolder));
      leases.reapExpired().forEach(id -> LOG.info("task {}: its claim expired (claimer gone); back in the inbox", id));
      renewHeld();
      awaited.collect(others);
      claimWhatFits();
      if (clock.millis() - lastPruneMs > PRUNE_EVERY.toMillis()) {
        lastPruneMs = clock.millis();
        results.prune(config.keepResults());
      }
    } catch (IOException e) {
      LOG.warn("handoff folder {}: {}", dir, e.getMessage());
    }
  }

  private void renewHeld() throws IOException {
    for (Claim claim : held.values()) {
      if (movedElsewhere(claim) || answeredInFolder(claim)) {
        continue;
      }
      // a claim released (its result written) since this loop began is not one taken back
      if (!leases.renew(claim) && held.get(claim.id()) == claim) {
        LOG.warn("task {}: this node's claim was taken back (lease expired); another node may run it too",
            claim.id());
      }
    }
  }

  /**
   * A claim whose task the mesh places elsewhere now — this node claimed it while cut off and the cluster's record
   * won when it merged back, or a survivor took over waiting for it — is given back to the folder, where a node the
   * mesh agrees on claims it again; an ended one gets its result file. Kept, such a claim would be renewed forever
   * and its task never run.
   */
  private boolean movedElsewhere(Claim claim) {
    if (!taken.contains(claim.id())) {
      return false; // still being taken: its record does not show the claim yet
    }
    Optional<TaskRecord> record = store.get(claim.id());
    if (record.isEmpty()) {
      return false;
    }
    if (record.get().terminal()) {
      context.runOnContext(v -> finish(record.get()));
      return true;
    }
    if (record.get().placement().is(Placement.Via.CLAIMED) && record.get().placement().heldBy(nodeName)) {
      return false;
    }
    LOG.warn("task {}: the mesh places it elsewhere now ({}); its claim goes back to the folder", claim.id(),
        record.get().placement());
    giveBack(claim);
    return true;
  }

  /**
   * A task run here that only this node knows (a node outside the cluster, a script's task) whose result another
   * hand wrote — its sender cancelled it while it was claimed here — ends here as that result says: its queue entry
   * goes or its generation stops (the runner watches its record), and its claim is released. Else it would run to
   * its end for nobody.
   */
  private boolean answeredInFolder(Claim claim) throws IOException {
    if (!taken.contains(claim.id()) || !store.isLocalOnly(claim.id())) {
      return false;
    }
    Optional<TaskRecord> answered = results.read(claim.id());
    if (answered.isEmpty() || !answered.get().terminal()) {
      return false;
    }
    context.runOnContext(v -> store.update(claim.id(), r -> r.endedAs(answered.get()))
        .onSuccess(r -> LOG.info("task {}: {} in the shared folder while claimed here; it ends here too", r.id(),
            r.state().wire()))
        .onFailure(e -> LOG.debug("task {}: {}", claim.id(), e.getMessage())));
    return true;
  }

  @Override
  public boolean giveBack(String id) {
    Claim claim = held.get(id);
    if (claim == null) {
      return false;
    }
    LOG.warn("task {}: claimed here but not running; its claim goes back to the folder", id);
    giveBack(claim);
    return true;
  }

  /** Gives a claim back to the folder, where a node claims it again; this node no longer holds it. */
  private void giveBack(Claim claim) {
    held.remove(claim.id());
    taken.remove(claim.id());
    vertx.executeBlocking(() -> leases.giveBack(claim), false);
  }

  private void claimWhatFits() throws IOException {
    while (held.size() < capacity) {
      Optional<Claim> claim = inbox.claimNext(nodeName, this::canRun);
      if (claim.isEmpty()) {
        return;
      }
      held.put(claim.get().id(), claim.get());
      context.runOnContext(v -> take(claim.get()));
    }
  }

  private boolean canRun(HandoffTask task) {
    return !draining.getAsBoolean() && (remoteFor(task.record()).isPresent() || modelFor(task.record()).isPresent());
  }

  /** The remote model the task's routing chose, when it is this node's and its remote admits tasks now. */
  private Optional<Remotes.Served> remoteFor(TaskRecord record) {
    return remotes.forRecord(record).filter(served -> served.engine().breaker().state().admits());
  }

  private Optional<LocalModel> modelFor(TaskRecord record) {
    return models.forRequest(record.task().request())
        .filter(m -> m.engineStatus().state() != EngineStatus.State.UNUSABLE);
  }

  private void take(Claim claim) {
    TaskRecord fromFolder = claim.task().record();
    Optional<Remotes.Served> remote = remoteFor(fromFolder);
    LocalModel model = remote.isPresent() ? null : modelFor(fromFolder).orElse(null);
    if (remote.isEmpty() && model == null) {
      giveBack(claim);
      return;
    }
    store.claim(fromFolder, nodeName, clock.instant())
        .onSuccess(r -> {
          taken.add(r.id());
          if (remote.isPresent()) {
            runRemote.accept(r, remote.get());
          } else {
            run.accept(r, model);
          }
        })
        .onFailure(e -> {
          if (e instanceof TaskStore.StaleChange) {
            endedMeanwhile(claim);
            return;
          }
          LOG.warn("task {}: cannot take it from the folder: {}", claim.id(), e.getMessage());
          giveBack(claim);
        });
  }

  /**
   * The mesh's record of a claimed task had ended (its result reached the mesh another way): the folder's copy is
   * answered with that outcome, so nothing waits for it and nobody runs it.
   */
  private void endedMeanwhile(Claim claim) {
    store.find(claim.id()).onSuccess(found -> {
      if (found.isPresent() && found.get().terminal()) {
        LOG.info("task {}: it had ended already; its folder copy is answered with that outcome", claim.id());
        finish(found.get());
      } else {
        LOG.warn("task {}: the mesh places it elsewhere ({}); the claim is given back", claim.id(),
            found.map(r -> r.placement().toString()).orElse("unknown to the mesh"));
        giveBack(claim);
      }
    });
  }

  /** A task run here for the folder ended: its result is written (once), then its claim goes. */
  private void finish(TaskRecord ended) {
    // taken out first: a renewal meanwhile must not see it "taken back", and a second finish (its change and a
    // scan both saw it end) finds nothing to do
    Claim claim = held.remove(ended.id());
    taken.remove(ended.id());
    if (claim == null) {
      return;
    }
    vertx.executeBlocking(() -> {
      boolean first = results.store(ended);
      leases.release(claim);
      return first;
    }, false).onComplete(done -> {
      poller.nudge(); // a slot is free: take the next waiting task now, not at the next poll
      if (done.failed()) {
        LOG.error("task {}: cannot write its result to the folder", ended.id(), done.cause());
      } else if (!done.result()) {
        LOG.info("task {}: a result was there already; this one is discarded", ended.id());
      }
    });
  }

  private Path inboxOfMe() {
    try {
      return dir.inboxOf(nodeName);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
