package dev.mesh.node.cluster;

import static dev.mesh.node.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import java.time.Instant;
import dev.mesh.node.store.Retention;
import dev.mesh.node.store.TaskJournal;
import dev.mesh.node.store.TaskStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster map of tasks on a real (in-JVM, single-member) Hazelcast: what a poisoned entry does to it. */
class ClusterTasksTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static HazelcastInstance hazelcast;

  @BeforeAll
  static void start() {
    Config config = new Config().setClusterName("test-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hazelcast = Hazelcast.newHazelcastInstance(config);
  }

  @AfterAll
  static void stop() {
    hazelcast.shutdown();
  }

  private static TaskRecord onB(String id) {
    return TaskRecord.queued(Task.accept(TaskRequest.generate("hi"), id, "a", T0))
        .routed(new Hop("a", T0, HopEvent.ROUTED, "b")).handedTo("b", T0);
  }

  @Test
  void anUnreadableEntryIsQuarantinedAndNeverStopsAListingOrAChange() {
    ClusterTasks tasks = new ClusterTasks(hazelcast, Duration.ofHours(24), dev.mesh.node.security.MeshSecurity.off(java.time.Clock.systemUTC()));
    for (int i = 0; i < 5; i++) {
      tasks.put(onB("t-good-" + i));
    }
    var raw = hazelcast.<String, String>getMap(ClusterTasks.MAP_NAME);
    raw.set("t-garbage", "{\"not\": \"a record\"");
    raw.set("t-other", raw.get("t-good-0")); // a record filed under another task's id

    assertThat(tasks.unfinishedOn("b")).extracting(TaskRecord::id)
        .containsExactlyInAnyOrder("t-good-0", "t-good-1", "t-good-2", "t-good-3", "t-good-4");
    assertThat(raw.containsKey("t-garbage")).isFalse();
    assertThat(raw.containsKey("t-other")).isFalse();
    var quarantine = hazelcast.<String, String>getMap(ClusterTasks.QUARANTINE_MAP);
    assertThat(quarantine.get("t-garbage")).contains("{\"not\": \"a record\"");
    assertThat(quarantine.get("t-other")).startsWith("the entry for task t-other holds task t-good-0");

    raw.set("t-garbage-2", "[]");
    assertThat(tasks.get("t-garbage-2")).isEmpty();
    raw.set("t-garbage-3", "42");
    assertThat(tasks.update("t-garbage-3", r -> r.running("b", T0))).isEmpty();
    raw.set("t-garbage-4", "null");
    assertThat(tasks.getAll(Set.of("t-good-1", "t-garbage-4"))).extracting(TaskRecord::id).containsExactly("t-good-1");
    assertThat(tasks.update("t-good-1", r -> r.running("b", T0))).hasValueSatisfying(r ->
        assertThat(r.state().wire()).isEqualTo("running"));
  }

  /**
   * Entries the map lost (members lost in quick succession) are put back from a node's own copies; an entry the
   * map has is never replaced by that node's copy, not even a later one (after a merge the larger side's wins).
   */
  @Test
  void aStorePutsBackTheRecordsTheMapLostButReplacesNone(@TempDir Path data)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ClusterTasks tasks = new ClusterTasks(hazelcast, Duration.ofHours(24), dev.mesh.node.security.MeshSecurity.off(java.time.Clock.systemUTC()));
      TaskJournal journal = new TaskJournal(data);
      TaskJournal claims = new TaskJournal(data, "claims");
      journal.open();
      claims.open();
      TaskStore store = TaskStore.clustered(vertx, journal, claims, tasks,
          new Retention(Duration.ofHours(24), 100));
      await(store.recover());
      TaskRecord lost = await(store.accept(Task.accept(TaskRequest.generate("a"), "t-lost0000-0000000001", "a", T0)));
      TaskRecord kept = await(store.accept(Task.accept(TaskRequest.generate("b"), "t-kept0000-0000000002", "a", T0)));
      var raw = hazelcast.<String, String>getMap(ClusterTasks.MAP_NAME);
      raw.delete(lost.id());
      String theirs = raw.get(kept.id());
      await(store.update(kept.id(), r -> r.running("a", T0)));
      raw.set(kept.id(), theirs); // the map's (older) record, as after a merge

      assertThat(await(store.restoreMissing())).isEqualTo(1);
      assertThat(tasks.get(lost.id())).contains(lost);
      assertThat(raw.get(kept.id())).as("an entry the map has stays as it is").isEqualTo(theirs);
      assertThat(await(store.restoreMissing())).as("nothing missing any more").isZero();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }


  @Test
  void anEndedTaskLivesInTheMapForTheRetentionAnUnfinishedOneForever() {
    ClusterTasks tasks = new ClusterTasks(hazelcast, Duration.ofHours(2), dev.mesh.node.security.MeshSecurity.off(java.time.Clock.systemUTC()));
    tasks.put(onB("t-ttl-1"));
    var raw = hazelcast.<String, String>getMap(ClusterTasks.MAP_NAME);
    assertThat(raw.getEntryView("t-ttl-1").getTtl()).as("unfinished").isEqualTo(Long.MAX_VALUE);
    tasks.update("t-ttl-1", r -> r.running("b", T0));
    assertThat(raw.getEntryView("t-ttl-1").getTtl()).isEqualTo(Long.MAX_VALUE);
    tasks.update("t-ttl-1", r -> r.expired(T0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // set in the background after the change
    while (raw.getEntryView("t-ttl-1").getTtl() != 2 * 3600 * 1000L && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(raw.getEntryView("t-ttl-1").getTtl()).as("ended: kept 2 h").isEqualTo(2 * 3600 * 1000L);
    tasks.deleteEnded(java.util.List.of("t-ttl-1"));
    assertThat(raw.containsKey("t-ttl-1")).isFalse();
  }

  /**
   * A change to what this node stored last compares against that, without reading the map first (the start and the
   * outcome on the node that runs a task); a change another node made since is read, and the new one made on it.
   */
  @Test
  void aChangeAfterThisNodesOwnWriteNeedsNoReadAndOneAfterAnothersReadsIt() {
    var security = dev.mesh.node.security.MeshSecurity.off(java.time.Clock.systemUTC());
    ClusterTasks here = new ClusterTasks(hazelcast, Duration.ofHours(2), security);
    ClusterTasks there = new ClusterTasks(hazelcast, Duration.ofHours(2), security);
    var raw = hazelcast.<String, String>getMap(ClusterTasks.MAP_NAME);
    here.put(onB("t-last-1"));
    long reads = raw.getLocalMapStats().getGetOperationCount();
    assertThat(here.update("t-last-1", r -> r.running("b", T0))).isPresent();
    assertThat(raw.getLocalMapStats().getGetOperationCount()).as("no read before the compare-and-set").isEqualTo(reads);

    TaskRecord cancelled = there.update("t-last-1", r -> r.cancelled("a", "by a test", T0.plusSeconds(1))).orElseThrow();
    assertThat(here.update("t-last-1", r -> r.expired(T0.plusSeconds(2)))).as("ended elsewhere meanwhile").isEmpty();
    assertThat(here.get("t-last-1")).contains(cancelled);
    raw.delete("t-last-1");
  }

  /**
   * A replace that Hazelcast retried after the partition owner died finds its own write already there: that is the
   * change made, not a race lost (here the first attempt's write is played by the change itself).
   */
  @Test
  void aChangeFoundAlreadyStoredByARetriedReplaceIsMadeNotLost() {
    ClusterTasks tasks = new ClusterTasks(hazelcast, Duration.ofHours(2), dev.mesh.node.security.MeshSecurity.off(java.time.Clock.systemUTC()));
    tasks.put(onB("t-retry-1"));
    var raw = hazelcast.<String, String>getMap(ClusterTasks.MAP_NAME);
    TaskRecord[] wrote = new TaskRecord[1];
    var made = tasks.update("t-retry-1", r -> {
      TaskRecord after = r.running("b", T0);
      if (wrote[0] == null) {
        wrote[0] = after;
        raw.put("t-retry-1", MeshJsonText.of(after)); // the first attempt, applied before its answer was lost
      }
      return after;
    });
    assertThat(made).as("the change stands as made").contains(wrote[0]);
    assertThat(tasks.get("t-retry-1")).contains(wrote[0]);

    var lost = tasks.update("t-retry-1", r -> null);
    assertThat(lost).as("a change that declines still changes nothing").isEmpty();
    raw.delete("t-retry-1"); // the map is shared by this class's tests, which list what b holds
  }

  /** A record as the map holds it without a mesh key. */
  private static final class MeshJsonText {
    static String of(TaskRecord r) {
      try {
        return dev.mesh.protocol.json.MeshJson.mapper().writeValueAsString(r);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
