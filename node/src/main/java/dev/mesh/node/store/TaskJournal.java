package dev.mesh.node.store;

import dev.mesh.handoff.AtomicFiles;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable task log: one JSON file per task under {@code <dataDir>/tasks} (or another folder, such as
 * {@code claims} for the tasks run here for the shared folder), replaced atomically on every state change
 * (blocking I/O: call from a worker). A file that can't be read back is moved to {@code tasks-rejected/} beside
 * a note saying why, never silently dropped.
 */
public final class TaskJournal {
  private static final Logger LOG = LoggerFactory.getLogger(TaskJournal.class);
  private static final String SUFFIX = ".json";
  /** A journaled task is a few KB; anything far larger is corrupt, not a task. */
  private static final long MAX_RECORD_BYTES = 16L * 1024 * 1024;

  private final Path dir;
  private final Path rejected;

  public TaskJournal(Path dataDir) {
    this(dataDir, "tasks");
  }

  public TaskJournal(Path dataDir, String folder) {
    this.dir = dataDir.resolve(folder);
    this.rejected = dataDir.resolve(folder + "-rejected");
  }

  public Path directory() {
    return dir;
  }

  public void open() throws IOException {
    AtomicFiles.ownerOnlyDirectory(dir);
  }

  public void save(TaskRecord record) {
    try {
      AtomicFiles.write(fileOf(record.task().id()), MeshJson.mapper().writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot journal task " + record.task().id() + " in " + dir, e);
    }
  }

  /** Removes a task's file, if there is one. */
  public void delete(String taskId) {
    try {
      Files.deleteIfExists(fileOf(taskId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove task " + taskId + " from " + dir, e);
    }
  }

  /** Every readable record; unreadable ones are quarantined with a reason. */
  public List<TaskRecord> loadAll() throws IOException {
    List<TaskRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        if (file.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)) {
          continue;
        }
        try {
          records.add(MeshJson.mapper().readValue(AtomicFiles.readRegular(file, MAX_RECORD_BYTES), TaskRecord.class));
        } catch (IOException | RuntimeException e) {
          quarantine(file, e.getMessage());
        }
      }
    }
    return records;
  }

  /** True when the journal folder takes a write right now (for /health). */
  public boolean writable() {
    return Files.isDirectory(dir) && Files.isWritable(dir);
  }

  private Path fileOf(String taskId) {
    return dir.resolve(taskId + SUFFIX);
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
