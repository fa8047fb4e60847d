package dev.mesh.node.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.mesh.node.store.MeshRecords;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.MeshSecurity;
import dev.mesh.node.security.UntrustedLog;
import dev.mesh.protocol.seal.Opening;
import dev.mesh.protocol.seal.Sealing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every task's record, cluster-wide: a Hazelcast map with a synchronous backup, so the death of any
 * one member (the entry node included) loses no accepted task and any node can answer for it.
 * Changes are compare-and-set on the stored JSON; a change to an ended task is refused, which is
 * what keeps a result stored once. An entry that can't be read as a record is moved to
 * {@value #QUARANTINE_MAP} with the reason and logged once: it never stops a listing or a failover.
 * With a mesh key every value is sealed for its entry; one that fails to open — a member without the key wrote or
 * garbled it — is left alone (it might be a node still on a previous key), counted, and read as absent; a node that
 * holds the task puts its own copy back over it (or over an entry a stranger deleted) when it next changes it, so
 * the task still ends. Blocking: call from a worker.
 */
public final class ClusterTasks implements MeshRecords {
  public static final String MAP_NAME = "mesh.tasks";
  public static final String QUARANTINE_MAP = "mesh.tasks.quarantine";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTasks.class);
  /** A stranger spoiling the entry again and again gets this many put-backs per change, not a loop. */
  private static final int MAX_PUT_BACKS = 5;

  private final IMap<String, String> map;
  private final IMap<String, String> quarantine;
  private final Duration keepEnded;
  private final Sealing sealing;
  private final UntrustedLog untrusted;
  /** This node's own copies of the tasks it knows: what puts back an entry a stranger garbled or deleted. */
  private Function<String, TaskRecord> ownCopies = id -> null;
  /** What this node last stored per task, exactly as stored: its next change compares against it without a read. */
  private final LastStored lastStored = new LastStored(LastStored.CAPACITY);
  /** Sets an ended entry's time to live after its change returned: the caller does not wait for that round trip. */
  private final java.util.concurrent.Executor expiry;

  /** @param keepEnded how long an ended task stays in the map (unfinished ones stay until they end) */
  public ClusterTasks(ClusterView cluster, Duration keepEnded, MeshSecurity security) {
    this(cluster.hazelcast(), keepEnded, security);
  }

  ClusterTasks(HazelcastInstance hazelcast, Duration keepEnded, MeshSecurity security) {
    this.expiry = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "mesh-tasks-expiry");
      t.setDaemon(true);
      return t;
    });
    this.map = hazelcast.getMap(MAP_NAME);
    this.quarantine = hazelcast.getMap(QUARANTINE_MAP);
    this.keepEnded = keepEnded;
    this.sealing = security.sealing();
    this.untrusted = security.untrusted();
  }

  @Override
  public void recallFrom(Function<String, TaskRecord> copies) {
    this.ownCopies = copies;
  }

  @Override
  public boolean journalFollows() {
    return true;
  }

  @Override
  public void put(TaskRecord record) {
    String encoded = encode(record);
    if (record.terminal()) {
      map.set(record.id(), encoded, keepEnded.toSeconds(), TimeUnit.SECONDS);
      lastStored.forget(record.id());
    } else {
      map.set(record.id(), encoded);
      lastStored.remember(record.id(), encoded, record);
    }
  }

  @Override
  public boolean restore(TaskRecord record) {
    return (record.terminal()
        ? map.putIfAbsent(record.id(), encode(record), keepEnded.toSeconds(), TimeUnit.SECONDS)
        : map.putIfAbsent(record.id(), encode(record))) == null;
  }

  @Override
  public void remove(String id) {
    lastStored.forget(id);
    map.delete(id);
  }

  @Override
  public Optional<TaskRecord> get(String id) {
    String json = map.get(id);
    return json == null ? Optional.empty() : readable(id, json);
  }

  /** The records of these tasks that the cluster holds, in one call. */
  @Override
  public List<TaskRecord> getAll(Set<String> ids) {
    List<TaskRecord> found = new ArrayList<>();
    map.getAll(ids).forEach((id, json) -> readable(id, json).ifPresent(found::add));
    return found;
  }

  /**
   * Applies {@code change} to the current record unless it has ended; returns the stored result, or
   * empty when the task is unknown or already ended (the change lost the race and is discarded).
   */
  @Override
  public Optional<TaskRecord> update(String id, UnaryOperator<TaskRecord> change) {
    Optional<TaskRecord> withoutRead = changeLastStored(id, change);
    return withoutRead.isPresent() ? withoutRead : readAndChange(id, change);
  }

  /**
   * The change made against what this node stored last, when it still is what the map holds: one round trip instead
   * of a read and a compare-and-set (a task's start and its outcome on the node that runs it). Empty when this node
   * did not store the task last, or someone changed it since: then it is read.
   */
  private Optional<TaskRecord> changeLastStored(String id, UnaryOperator<TaskRecord> change) {
    LastStored.Entry last = lastStored.get(id);
    if (last == null || last.record().terminal()) {
      return Optional.empty();
    }
    TaskRecord after = change.apply(last.record());
    if (after == null) {
      return Optional.empty(); // declined on this node's copy: the map's may say otherwise
    }
    String encoded = encode(after);
    if (map.replace(id, last.stored(), encoded) || alreadyStored(id, after)) {
      stored(id, encoded, after);
      return Optional.of(after);
    }
    lastStored.forget(id);
    return Optional.empty();
  }

  private Optional<TaskRecord> readAndChange(String id, UnaryOperator<TaskRecord> change) {
    int putBacks = 0;
    while (true) {
      String current = map.get(id);
      boolean mayPutBack = sealing.keyed() && putBacks++ < MAX_PUT_BACKS;
      if (current == null) {
        if (mayPutBack && putBackOwnCopy(id, null)) {
          continue;
        }
        return Optional.empty();
      }
      Optional<TaskRecord> readable = readable(id, current);
      if (readable.isEmpty()) {
        if (mayPutBack && putBackOwnCopy(id, current)) {
          continue;
        }
        return Optional.empty();
      }
      TaskRecord before = readable.get();
      if (before.terminal()) {
        return Optional.empty();
      }
      TaskRecord after = change.apply(before);
      if (after == null) {
        return Optional.empty();
      }
      String encoded = encode(after);
      if (map.replace(id, current, encoded) || alreadyStored(id, after)) {
        stored(id, encoded, after);
        return Optional.of(after);
      }
    }
  }

  /**
   * A change is stored: remembered for the next one, or — ended, nothing changes it again — forgotten, and the
   * entry given its time to live in the background (a crash before that leaves it to the retention's delete).
   */
  private void stored(String id, String encoded, TaskRecord after) {
    if (!after.terminal()) {
      lastStored.remember(id, encoded, after);
      return;
    }
    lastStored.forget(id);
    expiry.execute(() -> {
      try {
        map.setTtl(id, keepEnded.toSeconds(), TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        LOG.debug("cluster map {}: time to live of ended task {} not set now ({}); the retention deletes it", MAP_NAME,
            id, e.toString());
      }
    });
  }

  /**
   * Whether the map holds exactly this record: a replace whose partition owner died after applying it is retried by
   * Hazelcast on the new owner, where its compare fails against the value it wrote itself. Taken as a lost race,
   * that left a task "running" on a node that never ran it (KillNineFailoverIT: the hop's one write that takes and
   * starts it, on a partition owned by the node just killed). A record carries its hops' timestamps, so no other
   * change stores an equal one.
   */
  private boolean alreadyStored(String id, TaskRecord after) {
    String now = map.get(id);
    return now != null && readable(id, now).filter(after::equals).isPresent();
  }

  /** Removes these tasks if they have ended (a node's retention forgot them). */
  @Override
  public void deleteEnded(List<String> ids) {
    for (String id : ids) {
      get(id).filter(TaskRecord::terminal).ifPresent(r -> map.delete(id));
    }
  }

  /** Unfinished tasks a node (by name) holds: what to recover when that node is lost. */
  public List<TaskRecord> unfinishedOn(String nodeName) {
    List<TaskRecord> found = new ArrayList<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      readable(e.getKey(), e.getValue()).filter(r -> !r.terminal() && r.placement().heldBy(nodeName))
          .ifPresent(found::add);
    }
    return found;
  }

  /**
   * With a mesh key, an entry that is missing or fails to open while this node holds an unfinished copy of the task:
   * that copy goes back (compare-and-set against what was there), so a stranger's delete or garbage can't leave
   * the task unable to end. Whether the entry may now be read again.
   */
  private boolean putBackOwnCopy(String id, String unreadable) {
    TaskRecord own = ownCopies.apply(id);
    if (own == null || own.terminal()) {
      return false;
    }
    boolean putBack = unreadable == null ? map.putIfAbsent(id, encode(own)) == null
        : map.replace(id, unreadable, encode(own));
    if (putBack) {
      LOG.warn("cluster map {}: task {}'s entry was {}; this node's own copy (version {}) is put back", MAP_NAME, id,
          unreadable == null ? "deleted" : "not sealed with this mesh's key", own.version());
    }
    return true;
  }

  /**
   * The record an entry holds. With a mesh key, one that fails to open is refused (counted, left in place); one that
   * opens but is no record is quarantined (once, whoever finds it first), as every unreadable entry is without one.
   */
  private Optional<TaskRecord> readable(String id, String stored) {
    Opening opening = sealing.openText(MAP_NAME + "/" + id, stored);
    if (opening instanceof Opening.Refused refused) {
      untrusted.refused(Kind.RECORD, MAP_NAME + "/" + id, refused);
      return Optional.empty();
    }
    String json = ((Opening.Opened) opening).text();
    try {
      TaskRecord r = MeshJson.mapper().readValue(json, TaskRecord.class);
      if (!id.equals(r.id())) {
        throw new IOException("the entry for task " + id + " holds task " + r.id());
      }
      return Optional.of(r);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
          .orElse("");
      // first: a crash between the two must not lose the entry
      quarantine.set(id, sealing.sealText(QUARANTINE_MAP + "/" + id, reason + "\n" + json));
      if (map.remove(id, stored)) {
        LOG.error("cluster map {}: entry {} is not a readable task record ({}); moved to {}", MAP_NAME, id, reason,
            QUARANTINE_MAP);
      }
      return Optional.empty();
    }
  }

  private String encode(TaskRecord record) {
    try {
      return sealing.sealText(MAP_NAME + "/" + record.id(), MeshJson.mapper().writeValueAsString(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
