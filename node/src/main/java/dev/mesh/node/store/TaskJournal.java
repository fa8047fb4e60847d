package dev.mesh.node.store;

import dev.mesh.handoff.AtomicFiles;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable task log: one JSON file per task, replaced atomically on every state change (blocking I/O:
 * call from a worker). Unfinished tasks live in {@code <dataDir>/tasks} (or another folder, such as
 * {@code claims} for the tasks run here for the shared folder) and are all read at start; a task that ends
 * moves to {@code done/} inside it, read only when someone asks for it and pruned after the retention, so
 * start-up time does not grow with history. A file that can't be read back is moved to {@code tasks-rejected/}
 * beside a note saying why, never silently dropped.
 */
public final class TaskJournal {
  private static final Logger LOG = LoggerFactory.getLogger(TaskJournal.class);
  private static final String SUFFIX = ".json";
  /** Not a task file: it does not end in .json. */
  private static final String PRUNED_THROUGH = "pruned-through";
  private static final String STARTED = "started";
  /** A journaled task is a few KB; anything far larger is corrupt, not a task. */
  private static final long MAX_RECORD_BYTES = 16L * 1024 * 1024;

  private final Path dir;
  private final Path done;
  private final Path rejected;

  public TaskJournal(Path dataDir) {
    this(dataDir, "tasks");
  }

  public TaskJournal(Path dataDir, String folder) {
    this.dir = dataDir.resolve(folder);
    this.done = dir.resolve("done");
    this.rejected = dataDir.resolve(folder + "-rejected");
  }

  public Path directory() {
    return dir;
  }

  public void open() throws IOException {
    AtomicFiles.ownerOnlyDirectory(dir);
    AtomicFiles.ownerOnlyDirectory(done);
    AtomicFiles.createOnce(dir.resolve(STARTED), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
  }

  /** When this journal was first opened: no task it ever held was accepted much before. */
  public Optional<Instant> started() {
    return readInstant(STARTED);
  }

  /** Writes the record where its state belongs: an ended task moves to {@code done/} (written there first). */
  public void save(TaskRecord record) {
    String id = record.task().id();
    try {
      byte[] json = MeshJson.mapper().writeValueAsBytes(record);
      if (record.terminal()) {
        AtomicFiles.write(done.resolve(id + SUFFIX), json);
        Files.deleteIfExists(dir.resolve(id + SUFFIX));
      } else {
        AtomicFiles.write(dir.resolve(id + SUFFIX), json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal task " + id + " in " + dir, e);
    }
  }

  /** Removes a task's files, if there are any. */
  public void delete(String taskId) {
    try {
      Files.deleteIfExists(dir.resolve(taskId + SUFFIX));
      Files.deleteIfExists(done.resolve(taskId + SUFFIX));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove task " + taskId + " from " + dir, e);
    }
  }

  /**
   * Every readable unfinished record; unreadable ones are quarantined with a reason. A file left behind by a
   * crash between writing a task's ended record and removing its unfinished one is removed now, and an ended
   * record still among the unfinished (written before ended ones moved) is moved to {@code done/}.
   */
  public List<TaskRecord> loadUnfinished() throws IOException {
    List<TaskRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        if (file.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)) {
          continue;
        }
        if (Files.exists(done.resolve(file.getFileName()))) {
          Files.deleteIfExists(file);
          continue;
        }
        try {
          TaskRecord r = MeshJson.mapper().readValue(AtomicFiles.readRegular(file, MAX_RECORD_BYTES), TaskRecord.class);
          if (r.terminal()) {
            save(r);
          } else {
            records.add(r);
          }
        } catch (IOException | RuntimeException e) {
          quarantine(file, e.getMessage());
        }
      }
    }
    return records;
  }

  /** An ended task's record, if it is still kept. */
  public Optional<TaskRecord> readDone(String taskId) throws IOException {
    Path file = done.resolve(taskId + SUFFIX);
    try {
      return Optional.of(MeshJson.mapper().readValue(AtomicFiles.readRegular(file, MAX_RECORD_BYTES),
          TaskRecord.class));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      quarantine(file, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Forgets ended tasks that ended before {@code horizon}, and the oldest beyond the newest {@code keepMax}.
   * Returns the ids removed, oldest first.
   */
  public List<String> prune(Instant horizon, int keepMax) throws IOException {
    record Ended(Path file, Instant at) {}
    List<Ended> ended = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(done, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          ended.add(new Ended(file, Files.getLastModifiedTime(file).toInstant()));
        } catch (NoSuchFileException gone) {
          // removed meanwhile
        }
      }
    }
    ended.sort(Comparator.comparing(Ended::at));
    List<String> pruned = new ArrayList<>();
    int over = ended.size() - keepMax;
    for (int i = 0; i < ended.size(); i++) {
      Ended e = ended.get(i);
      if (i < over || e.at().isBefore(horizon)) {
        Files.deleteIfExists(e.file());
        String name = e.file().getFileName().toString();
        pruned.add(name.substring(0, name.length() - SUFFIX.length()));
      }
    }
    return pruned;
  }

  /** Remembers, across restarts, that every ended task accepted up to {@code at} may have been pruned. */
  public void notePrunedThrough(Instant at) throws IOException {
    AtomicFiles.write(dir.resolve(PRUNED_THROUGH), at.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What {@link #notePrunedThrough} last noted, if anything (a file that can't be read: nothing). */
  public Optional<Instant> prunedThrough() {
    return readInstant(PRUNED_THROUGH);
  }

  private Optional<Instant> readInstant(String name) {
    try {
      return Optional.of(Instant.parse(new String(AtomicFiles.readRegular(dir.resolve(name), 64),
          StandardCharsets.UTF_8).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** True when the journal folder takes a write right now (for /health). */
  public boolean writable() {
    return Files.isDirectory(dir) && Files.isWritable(dir);
  }

  private void quarantine(Path file, String reason) throws IOException {
    AtomicFiles.ownerOnlyDirectory(rejected);
    Path target = rejected.resolve(file.getFileName());
    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    String note = "rejected " + file + ": " + reason + "\n";
    AtomicFiles.write(rejected.resolve(file.getFileName() + ".reason.txt"), note.getBytes(StandardCharsets.UTF_8));
    LOG.warn("journal: {}", note.trim());
  }
}
