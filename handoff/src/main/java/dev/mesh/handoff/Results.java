package dev.mesh.handoff;

import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.seal.FileSeal;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Final records of tasks, one file each, written once: the first result stored for a task is the result; a
 * later one (a retry, a claimer that outlived its lease) is discarded. Old results are pruned.
 */
public final class Results {
  private final HandoffDir dir;
  private final Quarantine quarantine;
  private final Clock clock;
  private final long maxBytes;
  private final FileSeal seal;

  public Results(HandoffDir dir, Quarantine quarantine, Clock clock, long maxBytes) {
    this(dir, quarantine, clock, maxBytes, FileSeal.none());
  }

  /** @param seal with a mesh key, results carry a MAC and one without it (or a wrong one) is quarantined */
  public Results(HandoffDir dir, Quarantine quarantine, Clock clock, long maxBytes, FileSeal seal) {
    this.seal = seal;
    this.dir = dir;
    this.quarantine = quarantine;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /** Stores a task's final record; false (nothing written) when the task already has one. */
  public boolean store(TaskRecord ended) throws IOException {
    if (!ended.terminal()) {
      throw new IllegalArgumentException("task " + ended.id() + " is " + ended.state().wire() + ", not ended");
    }
    return AtomicFiles.createOnce(dir.resultOf(ended.id()),
        seal.sign(purpose(ended.id()), MeshJson.mapper().writeValueAsBytes(ended)));
  }

  /** The task's final record, if stored; a result file that can't be read is quarantined (and empty returned). */
  public Optional<TaskRecord> read(String taskId) throws IOException {
    Path file = dir.resultOf(taskId);
    String problem;
    try {
      byte[] json = seal.nodeWritten(purpose(taskId), AtomicFiles.readRegular(file, maxBytes),
          "a result without a MAC: with a mesh key, only nodes holding it write results");
      TaskRecord record = TaskCodec.decode(json, TaskRecord.class);
      if (record.id().equals(taskId) && record.terminal()) {
        return Optional.of(record);
      }
      problem = "result file holds task '" + record.id() + "' in state " + record.state().wire();
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      problem = "unreadable result: " + e.getMessage();
    }
    quarantine.reject(file, problem);
    return Optional.empty();
  }

  static String purpose(String taskId) {
    return "result/" + taskId;
  }

  /** Deletes results older than {@code age}, and temp files a crashed writer left anywhere; returns how many. */
  public int prune(Duration age) throws IOException {
    Instant cutoff = clock.instant().minus(age);
    int removed = 0;
    for (Path file : Inbox.waiting(dir.results())) {
      if (olderThan(file, cutoff) && Files.deleteIfExists(file)) {
        removed++;
      }
    }
    Instant tempCutoff = clock.instant().minus(Duration.ofHours(1));
    for (Path folder : new Path[] {dir.inbox(), dir.results(), dir.rejected(), dir.nodes()}) {
      removed += pruneTemps(folder, tempCutoff);
    }
    return removed;
  }

  private static int pruneTemps(Path folder, Instant cutoff) throws IOException {
    int removed = 0;
    try (var entries = Files.newDirectoryStream(folder, AtomicFiles.TEMP_PREFIX + "*")) {
      for (Path temp : entries) {
        if (olderThan(temp, cutoff) && Files.deleteIfExists(temp)) {
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean olderThan(Path file, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }
}
