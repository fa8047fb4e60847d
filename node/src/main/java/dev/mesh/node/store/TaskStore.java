package dev.mesh.node.store;

import dev.mesh.protocol.task.Placement;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks this node knows. A change is made durable before anyone can see it, in the task's
 * {@link MeshRecords}. Alone, that is the node's journal (survives a restart). Clustered, it is the
 * cluster-wide map with a synchronous backup (survives this node's death), where a compare-and-set refuses
 * changes to ended tasks — a result is stored once; the journal then follows each change in the background (a
 * crash loses at most the newest snapshots, and recovery from an older one is recovery from a crash a moment
 * earlier), except for a newly accepted task, journaled beside its map write before the caller hears 202.
 * Writes run in order per task and side by side across tasks; waiters (long-polling callers) wake when
 * a task ends.
 */
public final class TaskStore {
  private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);
  /**
   * Ended tasks kept in memory (for status pages and callers that wait); older ones are read from the journal
   * when asked for, until the retention forgets them.
   */
  static final int FINISHED_IN_MEMORY = 500;
  private final Vertx vertx;
  private final TaskJournal journal;
  /** Tasks run here for the shared folder that the mesh does not know (a script's, a node's outside the cluster). */
  private final TaskJournal claims;
  /** Where a change of a task the mesh knows is made first: the cluster map, or (alone) the journal. */
  private final MeshRecords mesh;
  /** The same for the tasks in {@link #claims}. */
  private final MeshRecords claimed;
  private final Map<String, TaskRecord> records = new ConcurrentHashMap<>();
  private final Map<String, String> idsByIdempotencyKey = new ConcurrentHashMap<>();
  private final List<Consumer<TaskRecord>> changeListeners = new CopyOnWriteArrayList<>();
  /** Per task: who follows it (event streams, long polls); told of every newer version, made here or heard. */
  private final TaskFollowers followers;
  /** Tasks run here for the shared folder that the mesh does not know: only the claims journal has them. */
  private final Set<String> localOnly = ConcurrentHashMap.newKeySet();
  /** Tasks being stored as accepted or adopted here now (see {@link #accepting}). */
  private final Set<String> accepting = ConcurrentHashMap.newKeySet();
  /** Changes of a task's record, in order (cluster map, or the journal when alone). */
  private final KeyedQueue changes;
  /** Journal writes, in order per task; clustered, they trail the changes. */
  private final KeyedQueue journalWrites;
  /** Clustered: the journal's copy following the cluster map's, the newest version of a task only. */
  private final TrailingJournal trailing;
  private final Retention retention;
  private final EndedInMemory finished = new EndedInMemory(FINISHED_IN_MEMORY);
  private final Forgotten forgotten = new Forgotten();

  /** @param shared the mesh's records, made from this store's memory (a node alone keeps them there) */
  private TaskStore(Vertx vertx, TaskJournal journal, TaskJournal claims,
      java.util.function.Function<Map<String, TaskRecord>, MeshRecords> shared, Retention retention) {
    this.vertx = vertx;
    this.followers = new TaskFollowers(vertx);
    this.retention = retention;
    this.journal = journal;
    this.claims = claims;
    this.mesh = shared.apply(records);
    this.mesh.recallFrom(records::get);
    this.claimed = new JournalRecords(claims, records);
    this.changes = new KeyedQueue(vertx);
    this.journalWrites = new KeyedQueue(vertx);
    this.trailing = new TrailingJournal(journal, journalWrites);
  }

  /** The store of a node alone: its journal is the only copy of its tasks. */
  public static TaskStore alone(Vertx vertx, TaskJournal journal, TaskJournal claims, Retention retention) {
    return new TaskStore(vertx, journal, claims, memory -> new JournalRecords(journal, memory), retention);
  }

  /** The store of a cluster member: {@code cluster} (the cluster map) first, the journal following. */
  public static TaskStore clustered(Vertx vertx, TaskJournal journal, TaskJournal claims, MeshRecords cluster,
      Retention retention) {
    java.util.Objects.requireNonNull(cluster, "cluster");
    return new TaskStore(vertx, journal, claims, memory -> cluster, retention);
  }

  /** Reloads the journals; returns the tasks that had not ended when the node last stopped. */
  public Future<List<TaskRecord>> recover() {
    return vertx.executeBlocking(() -> {
      journal.open();
      claims.open();
      forgotten.load(journal, retention.keep());
      List<TaskRecord> unfinished = new ArrayList<>();
      for (TaskRecord r : journal.loadUnfinished()) {
        remember(r);
        unfinished.add(r);
      }
      for (TaskRecord r : claims.loadUnfinished()) {
        localOnly.add(r.id());
        remember(r);
        unfinished.add(r);
      }
      return unfinished;
    });
  }

  /** Told of every change this node makes (to publish it to the others). */
  public void onChange(Consumer<TaskRecord> listener) {
    changeListeners.add(listener);
  }

  /**
   * Calls {@code watcher} with each newer version of one task this node learns of — changed here or heard
   * from the node running it — on whatever thread learned it; returns what stops the calls.
   */
  public Runnable watch(String id, Consumer<TaskRecord> watcher) {
    return followers.watch(id, watcher);
  }

  /** The existing task for this idempotency key, if a caller retried a submission. */
  public Optional<TaskRecord> byIdempotencyKey(String key) {
    return Optional.ofNullable(key).map(idsByIdempotencyKey::get).map(records::get);
  }

  /** Journals a newly accepted task (and stores it cluster-wide); completes only once it is durable. */
  public Future<TaskRecord> accept(Task task) {
    return store(TaskRecord.queued(task));
  }

  /** Takes over a task another node handed here (or one found on a lost node), durably. */
  public Future<TaskRecord> adopt(TaskRecord record) {
    return store(record);
  }

  /**
   * Takes a task this node claimed from the shared folder. When the mesh knows the task (the cluster map has it,
   * or — alone — this node's own journal), the mesh's record is placed here as claimed, so its outcome reaches
   * everyone who asks, whoever sent it; a record that ended meanwhile refuses with {@link StaleChange}. A task the
   * mesh does not know (a script's, or one from a node outside the cluster) is kept in the claims journal only:
   * whoever dropped it learns the outcome from the result file.
   */
  public Future<TaskRecord> claim(TaskRecord fromFolder, String node, Instant at) {
    String id = fromFolder.id();
    UnaryOperator<TaskRecord> take = r -> r.placement().is(Placement.Via.FOLDER)
        || r.placement().is(Placement.Via.CLAIMED) ? r.claimedBy(node, at) : null;
    MeshRecords owner = recordsOf(id);
    return changes.submit(id, () -> {
      if (owner.get(id).isEmpty()) {
        return claimLocally(fromFolder.claimedBy(node, at));
      }
      return owner.update(id, take).orElseThrow(() -> new StaleChange(id));
    }).onSuccess(r -> followInJournal(owner, r)).map(this::changed);
  }

  private TaskRecord claimLocally(TaskRecord claim) {
    localOnly.add(claim.id());
    claimed.put(claim);
    remember(claim);
    return claim;
  }

  /** Where a task's record is changed first: the claims journal for one the mesh does not know, else the mesh's. */
  private MeshRecords recordsOf(String id) {
    return localOnly.contains(id) ? claimed : mesh;
  }

  private void followInJournal(MeshRecords owner, TaskRecord r) {
    if (owner.journalFollows()) {
      journalLater(r);
    }
  }

  /** Whether the task is one run here for the shared folder that the mesh does not know. */
  public boolean isLocalOnly(String id) {
    return localOnly.contains(id);
  }

  /**
   * Applies a change to the newest record of a task, durably. Fails with {@link StaleChange} when the
   * task has ended meanwhile or {@code change} declines (returns null): the change is discarded.
   */
  public Future<TaskRecord> update(String id, UnaryOperator<TaskRecord> change) {
    MeshRecords owner = recordsOf(id);
    return changes.submit(id, () -> owner.update(id, change).orElseThrow(() -> new StaleChange(id)))
        .onSuccess(r -> followInJournal(owner, r))
        .map(this::changed);
  }

  public Optional<TaskRecord> get(String id) {
    return Optional.ofNullable(records.get(id));
  }

  /**
   * The task's record. Clustered, the cluster map is asked first: it is the authority, while this
   * node's copy may be behind, or — on a member that was frozen and cut off — its own late write that
   * the cluster discarded. This node's copy answers when the map cannot (not clustered, or unreachable).
   */
  public Future<Optional<TaskRecord>> find(String id) {
    TaskRecord local = records.get(id);
    MeshRecords owner = recordsOf(id);
    return vertx.executeBlocking(() -> owner.get(id), false)
        .onSuccess(found -> found.ifPresent(this::takeRead))
        .recover(unreachable -> Future.succeededFuture(Optional.empty()))
        .compose(found -> found.isPresent() || local != null
            ? Future.succeededFuture(found.isPresent() ? found : Optional.of(local))
            : vertx.executeBlocking(() -> readDone(id), false));
  }

  /** An ended task no longer in memory, from either journal. */
  private Optional<TaskRecord> readDone(String id) throws java.io.IOException {
    Optional<TaskRecord> done = journal.readDone(id);
    return done.isPresent() ? done : claims.readDone(id);
  }

  /**
   * Whether a task this node can't find was forgotten by the retention rather than never known: its id says it
   * was accepted no later than the newest task this node's retention has forgotten (kept across restarts), and
   * not before this node's history began.
   */
  public boolean forgotten(String id) {
    return forgotten.covers(id);
  }

  /**
   * Forgets ended tasks past the retention (age, then count) in both journals and, for those, in the cluster
   * map; unfinished tasks are never forgotten. Blocking: call from a worker.
   */
  public int prune(Instant now) throws java.io.IOException {
    Instant horizon = now.minus(retention.keep());
    List<String> pruned = new ArrayList<>(journal.prune(horizon, retention.keepMax()));
    pruned.addAll(claims.prune(horizon, retention.keepMax()));
    forgotten.add(pruned, journal);
    pruned.forEach(this::forgetEnded);
    mesh.deleteEnded(pruned);
    return pruned.size();
  }

  private void forgetEnded(String id) {
    TaskRecord r = records.get(id);
    if (r != null && r.terminal()) {
      finished.forget(id);
      forget(r);
    }
  }

  /**
   * The mesh's record of a task: the cluster map's when clustered (empty when the map has none); this node's own
   * when alone, or when it runs the task for the shared folder without the mesh knowing it. Fails when the
   * cluster map can't be read.
   */
  public Future<Optional<TaskRecord>> meshRecord(String id) {
    MeshRecords owner = recordsOf(id);
    return vertx.executeBlocking(() -> owner.get(id), false);
  }

  /**
   * A record another node published: the mesh knows this task. If this node had taken it as a claim that only it
   * knows (its copy of the cluster map lacked the task when it claimed it: it was cut off, or merging), that copy
   * yields and the mesh's record decides from now on — kept, the two copies ran apart and the chaos suite saw the
   * task run again here after another node had finished it.
   */
  public void heard(TaskRecord fromMesh) {
    dropLocal(fromMesh.id(), "the mesh knows it");
    observe(fromMesh);
  }

  /**
   * Forgets this node's own copy of a task it ran for the shared folder without the mesh knowing it, once that copy
   * is no longer the one that counts (the mesh knows the task, or this node no longer holds its claim: the folder's
   * result file is its outcome). Nothing for any other task.
   */
  public void dropLocal(String id, String why) {
    if (!localOnly.remove(id)) {
      return;
    }
    LOG.warn("task {}: {}; this node's own copy of its claim is dropped", id, why);
    records.remove(id);
    journalWrites.submit(id, () -> {
      claimed.remove(id);
      return null;
    }).onFailure(e -> LOG.warn("claims journal: {}", e.getMessage()));
  }

  /**
   * A record heard from another node. Every change appends a hop, so a newer record extends the
   * history this node knows. One that does not is either older (ignored) or from a diverging history —
   * written by a member while it was cut off from the others — and then the cluster map decides.
   */
  public void observe(TaskRecord record) {
    TaskRecord known = records.get(record.id());
    if (known == null || extendsHistory(record, known)) {
      remember(record);
      followers.told(record);
      if (known != null) {
        journalLater(record);
      }
    } else if (!extendsHistory(known, record) && !sameHistory(known, record)) {
      refresh(Set.of(record.id()));
    }
  }

  /** Re-reads these tasks from the cluster map and takes its records (after this member merged back). */
  public Future<Void> refresh(Set<String> ids) {
    return reread(ids, this::takeAuthoritative);
  }

  /**
   * Re-reads these tasks from the mesh's records for someone waiting on them (a job's callback): what is read is
   * taken unless this node knows a later version of it.
   */
  public Future<Void> reread(Set<String> ids) {
    return reread(ids, this::takeRead);
  }

  private Future<Void> reread(Set<String> ids, Consumer<TaskRecord> take) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> mesh.getAll(ids), false)
        .onSuccess(found -> found.forEach(take))
        .mapEmpty();
  }

  /**
   * Puts this node's copies of the tasks it holds in memory back into the mesh's records where those lack them.
   * The cluster map keeps one backup: members lost in quick succession, or lost while partitions migrate after a
   * merge, can take entries with them (the chaos suite saw tasks answer 404 on two nodes, "succeeded" on the
   * third). Only missing entries: after a merge the larger side's record wins over this node's. Completes with
   * how many were put back.
   */
  public Future<Integer> restoreMissing() {
    List<TaskRecord> mine = records.values().stream().filter(r -> !localOnly.contains(r.id())).toList();
    if (mine.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return vertx.executeBlocking(() -> {
      Set<String> present = new HashSet<>();
      mesh.getAll(mine.stream().map(TaskRecord::id).collect(Collectors.toSet()))
          .forEach(r -> present.add(r.id()));
      int restored = 0;
      for (TaskRecord r : mine) {
        if (!present.contains(r.id()) && mesh.restore(r)) {
          restored++;
        }
      }
      return restored;
    }, false);
  }

  /** Every task this node knows, re-read from the cluster map. */
  public Future<Void> refreshAll() {
    return refresh(Set.copyOf(records.keySet()));
  }

  /**
   * A record read from the mesh's records for a caller: taken unless this node knows a later version of the same
   * history — a read made before a change this node made since is no authority, and taking it would undo that
   * change (RecoveryTest caught a read putting a task back to 'queued' after it had failed).
   */
  private void takeRead(TaskRecord read) {
    TaskRecord known = records.get(read.id());
    if (known == null || !known.newerThan(read)) {
      takeAuthoritative(read);
    }
  }

  /** Takes the mesh's record over this node's copy, whatever that copy says. */
  private void takeAuthoritative(TaskRecord authoritative) {
    TaskRecord known = records.get(authoritative.id());
    if (known != null && sameHistory(known, authoritative)) {
      return;
    }
    remember(authoritative);
    if (known != null) {
      journalLater(authoritative);
    }
    followers.told(authoritative); // a version this node had not heard of: its followers hear it now
  }

  /** Journals a record in the background, after any earlier journal write of the same task. */
  private void journalLater(TaskRecord record) {
    trailing.follow(record);
  }

  /**
   * Completes when the task ends, or with its newest record after {@code timeoutMs}; {@code known} is the record
   * the caller has (from a submit or a find), used when this node does not hold the task in memory.
   */
  public Future<TaskRecord> awaitEnd(TaskRecord known, long timeoutMs) {
    TaskRecord current = records.getOrDefault(known.id(), known);
    return followers.awaitEnd(current, timeoutMs, id -> records.getOrDefault(id, current));
  }

  /**
   * The {@code n} tasks this node knows that changed last, newest first. Status pages ask every second and the
   * store holds every task it ever saw: a heap of n, not a sort of them all.
   */
  public List<TaskRecord> recent(int n) {
    java.util.Comparator<TaskRecord> newer = java.util.Comparator.comparing(TaskRecord::updatedAt);
    java.util.PriorityQueue<TaskRecord> newest = new java.util.PriorityQueue<>(n + 1, newer);
    for (TaskRecord r : records.values()) {
      newest.add(r);
      if (newest.size() > n) {
        newest.poll(); // the oldest of the n + 1
      }
    }
    List<TaskRecord> out = new ArrayList<>(newest);
    out.sort(newer.reversed());
    return out;
  }

  /** The unfinished tasks this node knows that {@code node} holds. */
  public List<TaskRecord> unfinishedHeldBy(String node) {
    return records.values().stream().filter(r -> !r.terminal() && r.placement().heldBy(node)).toList();
  }

  public Map<TaskState, Integer> countsByState() {
    Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
    for (TaskState s : TaskState.values()) {
      counts.put(s, 0);
    }
    records.values().forEach(r -> counts.merge(r.state(), 1, Integer::sum));
    return counts;
  }

  /** Journal snapshots written behind the cluster map, and versions a newer one replaced before their turn. */
  public long journalWritesBehind() {
    return trailing.counts().written();
  }

  /** Versions of a task that a newer one replaced before they were journaled (see {@link TrailingJournal}). */
  public long journalWritesReplaced() {
    return trailing.counts().replaced();
  }

  public boolean journalWritable() {
    return journal.writable();
  }

  /**
   * Whether this node is storing the task as accepted (or adopted) now: until that is known to have worked, the
   * task is not this node's to place again. The chaos suite saw a map write time out after 120 s while applied: a
   * re-read of the map meanwhile showed the task held here and idle, it was placed again and ran, and then the
   * failed acceptance was undone under it — its record removed, its outcome refused, the task never ended.
   */
  public boolean accepting(String id) {
    return accepting.contains(id);
  }

  /** The journal and the cluster map written side by side: durable once both are, in the time of the slower. */
  private Future<TaskRecord> store(TaskRecord record) {
    accepting.add(record.id());
    return storeBoth(record).onComplete(done -> accepting.remove(record.id()));
  }

  private Future<TaskRecord> storeBoth(TaskRecord record) {
    Future<Void> shared = changes.submit(record.id(), () -> {
      mesh.put(record);
      return null;
    });
    Future<Void> journaled = !mesh.journalFollows() ? Future.succeededFuture()
        : journalWrites.submit(record.id(), () -> {
          journal.save(record);
          return null;
        });
    return Future.all(journaled, shared)
        .recover(failure -> undo(record.id()).transform(ignored -> Future.failedFuture(failure)))
        .map(both -> changed(record));
  }

  /** Undoes a half-made store: the caller is told it failed, so no copy may run it later. */
  private Future<Void> undo(String id) {
    TaskRecord read = records.get(id); // a re-read of the map may have brought the half-made record here
    if (read != null) {
      forget(read);
    }
    Future<Void> journaled = journalWrites.submit(id, () -> {
      journal.delete(id);
      return null;
    });
    Future<Void> shared = changes.submit(id, () -> {
      mesh.remove(id);
      return null;
    });
    return Future.join(journaled, shared).mapEmpty();
  }

  private TaskRecord changed(TaskRecord saved) {
    remember(saved);
    changeListeners.forEach(listener -> listener.accept(saved));
    followers.told(saved);
    return saved;
  }

  /** Whether {@code candidate}'s hops continue {@code known}'s: the same history, further on. */
  private static boolean extendsHistory(TaskRecord candidate, TaskRecord known) {
    return candidate.newerThan(known);
  }

  private static boolean sameHistory(TaskRecord a, TaskRecord b) {
    return a.version() == b.version() && a.hops().equals(b.hops());
  }

  private void remember(TaskRecord r) {
    records.put(r.task().id(), r);
    String key = r.task().request().idempotencyKey();
    if (key != null) {
      idsByIdempotencyKey.putIfAbsent(key, r.task().id());
    }
    if (r.terminal()) {
      for (String oldest : finished.ended(r.id())) {
        TaskRecord gone = records.get(oldest);
        if (gone != null && gone.terminal()) {
          forget(gone);
        }
      }
    }
  }

  /** Drops an ended task from memory (its journal file answers for it until the retention forgets it). */
  private void forget(TaskRecord r) {
    records.remove(r.id(), r);
    localOnly.remove(r.id());
    String key = r.task().request().idempotencyKey();
    if (key != null) {
      idsByIdempotencyKey.remove(key, r.id());
    }
  }

  /** A change that lost to a newer one (the task ended elsewhere, or moved to another attempt). */
  public static final class StaleChange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleChange(String id) {
      super("task " + id + " changed meanwhile; this change is discarded", null, false, false);
    }
  }
}
