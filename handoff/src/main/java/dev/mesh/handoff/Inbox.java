package dev.mesh.handoff;

import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Tasks waiting in the shared folder: published whole, claimed by rename — of N nodes renaming the same file
 * into their claims folders, exactly one succeeds (rename is atomic on a local disk and on the NFS server).
 */
public final class Inbox {
  private final HandoffDir dir;
  private final TaskFiles files;
  private final Quarantine quarantine;
  private final Clock clock;
  private final Duration settle;
  /** Unreadable files of the inbox (by name) and when this reader first failed on each; pruned of gone ones. */
  private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
  /** A bound on {@link #failingSince} past which names of files no longer there are dropped. */
  static final int MAX_FAILING_TRACKED = 1000;

  /**
   * @param settle how long a file that fails to read is left alone before it is quarantined: someone who
   *     writes straight into the inbox instead of renaming a finished file into it may still be writing
   */
  public Inbox(HandoffDir dir, TaskFiles files, Quarantine quarantine, Clock clock, Duration settle) {
    this.dir = dir;
    this.files = files;
    this.quarantine = quarantine;
    this.clock = clock;
    this.settle = settle;
  }

  /** Puts a task in the shared inbox ({@code node} null) or in one node's; atomic and durable when it returns. */
  public Path publish(TaskRecord record, String node) throws IOException {
    Path folder = node == null ? dir.inbox() : dir.inboxOf(node);
    Path target = folder.resolve(Names.fileOf(record.id()));
    AtomicFiles.write(target, files.encode(record));
    return target;
  }

  /**
   * Claims the oldest waiting task that {@code wanted} accepts, from {@code node}'s own folder first, then the
   * shared inbox. Bad files met on the way are quarantined; a task that already has a result is dropped.
   */
  public Optional<Claim> claimNext(String node, Predicate<HandoffTask> wanted) throws IOException {
    Path claims = dir.claimsOf(node);
    for (Path folder : List.of(dir.inboxOf(node), dir.inbox())) {
      for (Path file : waiting(folder)) {
        Optional<Claim> claim = tryClaim(file, claims, node, wanted);
        if (claim.isPresent()) {
          return claim;
        }
      }
    }
    return Optional.empty();
  }

  /** How many task files wait in the shared inbox and in each node's folder (for status pages). */
  public int pending() throws IOException {
    int n = waiting(dir.inbox()).size();
    try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dir.named())) {
      for (Path folder : nodes) {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
          n += waiting(folder).size();
        }
      }
    }
    return n;
  }

  /** The node a waiting task is addressed to: the {@code to/<node>/} folder its file waits in, if any. */
  public Optional<String> addressedTo(String id) throws IOException {
    Path name = Path.of(Names.fileOf(id));
    try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dir.named())) {
      for (Path folder : nodes) {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
            && Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
          return Optional.of(folder.getFileName().toString());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the task's file is anywhere a task file lives — waiting (shared or for a node) or claimed. A task
   * file goes only from one of these places to another, and leaves them only after its result is written, so
   * a task that is in none and has no result was never published (or was quarantined).
   */
  public boolean present(String id) throws IOException {
    Path name = Path.of(Names.fileOf(id));
    if (Files.exists(dir.inbox().resolve(name), LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    for (Path parent : List.of(dir.named(), dir.claims())) {
      try (DirectoryStream<Path> nodes = Files.newDirectoryStream(parent)) {
        for (Path folder : nodes) {
          if (Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Moves a task still waiting for {@code node} to the shared inbox, where any node may take it; false when it
   * no longer waits there (claimed meanwhile, or never sent there).
   */
  public boolean readdressToAny(String id, String node) throws IOException {
    Path waiting = dir.inboxOf(node).resolve(Names.fileOf(id));
    return rename(waiting, dir.inbox().resolve(waiting.getFileName()));
  }

  private Optional<Claim> tryClaim(Path file, Path claims, String node, Predicate<HandoffTask> wanted)
      throws IOException {
    HandoffTask task = readOrQuarantine(file);
    if (task == null || !wanted.test(task)) {
      return Optional.empty();
    }
    Path claimed = claims.resolve(file.getFileName());
    if (!rename(file, claimed)) {
      return Optional.empty(); // another node was first
    }
    // the lease starts now, not when the file was published (a rename keeps the file's mtime)
    Files.setLastModifiedTime(claimed, FileTime.from(clock.instant()));
    // what counts is what was claimed: the file may have been republished between the read and the rename
    HandoffTask held = readOrQuarantine(claimed);
    if (held == null) {
      return Optional.empty();
    }
    if (Files.exists(dir.resultOf(held.id()), LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(claimed); // done already (a copy republished after its result): never run twice
      return Optional.empty();
    }
    if (!wanted.test(held)) {
      rename(claimed, dir.inbox().resolve(claimed.getFileName()));
      return Optional.empty();
    }
    return Optional.of(new Claim(held, claimed, node));
  }

  /**
   * Renames atomically; false if the source was gone (claimed by another). An NFS client that retries a rename
   * whose reply was lost is told "no such file" although the rename happened: the file's identity (inode),
   * now at the target, tells the two apart.
   */
  static boolean rename(Path from, Path to) throws IOException {
    Object key = fileKey(from);
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (NoSuchFileException gone) {
      return key != null && Objects.equals(key, fileKey(to));
    }
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private HandoffTask readOrQuarantine(Path file) throws IOException {
    try {
      HandoffTask task = files.read(file);
      failingSince.remove(file.getFileName().toString()); // its writer finished it
      return task;
    } catch (NoSuchFileException gone) {
      failingSince.remove(file.getFileName().toString());
      return null;
    } catch (TaskFiles.BadFile bad) {
      if (unreadableFor(file).compareTo(settle) >= 0 || Files.isSymbolicLink(file)) {
        quarantine.reject(file, bad.getMessage());
        failingSince.remove(file.getFileName().toString());
      }
      return null;
    }
  }

  /**
   * How long the file has been unreadable: since its mtime, or since this reader first failed on it when that is
   * longer — a file whose mtime lies in the future (a clock gone wrong, or set on purpose) is quarantined after the
   * settle time all the same, instead of being read and left on every poll forever.
   */
  private Duration unreadableFor(Path file) throws IOException {
    Instant now = clock.instant();
    if (failingSince.size() >= MAX_FAILING_TRACKED) {
      failingSince.keySet().removeIf(name -> !Files.exists(file.resolveSibling(name), LinkOption.NOFOLLOW_LINKS));
    }
    Instant first = failingSince.computeIfAbsent(file.getFileName().toString(), name -> now);
    Duration seen = Duration.between(first, now);
    Duration aged = age(file);
    return seen.compareTo(aged) > 0 ? seen : aged;
  }

  private Duration age(Path file) throws IOException {
    try {
      FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
      return Duration.between(modified.toInstant(), clock.instant());
    } catch (NoSuchFileException gone) {
      return Duration.ZERO;
    }
  }

  /**
   * Visible entries of a folder, oldest first (by mtime, then name). Each mtime is read once, before sorting:
   * read during the sort, a file another claimer moves away meanwhile changes its key and the sort throws
   * ("Comparison method violates its general contract", seen in ClaimRaceTest).
   */
  static List<Path> waiting(Path folder) throws IOException {
    List<Map.Entry<Path, FileTime>> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (!Names.hidden(entry)) {
          found.add(Map.entry(entry, modified(entry)));
        }
      }
    } catch (NoSuchFileException gone) {
      return List.of();
    }
    found.sort(Map.Entry.<Path, FileTime>comparingByValue()
        .thenComparing(e -> e.getKey().getFileName().toString()));
    return found.stream().map(Map.Entry::getKey).toList();
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
