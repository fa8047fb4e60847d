package dev.mesh.node.keys;

import dev.mesh.handoff.AtomicFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Keys as files: one file per key, named by the key's SHA-256 (any key is a safe file name; the key itself is
 * never written), holding the task id. Reserving creates the file once and for all (temp file, fsync, hard link —
 * refused when it exists, also on NFS), so a restart keeps every key without reading them all. Files older than the
 * retention are removed. In the shared folder ({@code <shared>/keys}) they are the mesh's keys — one place every
 * node sees alike, whatever the cluster's state; a node alone without one keeps them in {@code <data>/keys}.
 */
public final class FileKeys implements KeyRegistry {
  private final Vertx vertx;
  private final Path dir;
  private final Duration keep;

  /** Keys in {@code <parent>/keys}: a node's data folder, or the shared folder. */
  public FileKeys(Vertx vertx, Path parent, Duration keep) throws IOException {
    this.vertx = vertx;
    this.dir = AtomicFiles.ownerOnlyDirectory(parent.resolve("keys"));
    this.keep = keep;
  }

  @Override
  public Future<Optional<String>> reserve(String key, String id) {
    return vertx.executeBlocking(() -> {
      Path file = fileOf(key);
      if (AtomicFiles.createOnce(file, id.getBytes(StandardCharsets.UTF_8))) {
        return Optional.<String>empty();
      }
      return read(file).or(() -> Optional.of(id)); // removed meanwhile by the retention: as good as taken by us
    }, false);
  }

  @Override
  public Future<Void> release(String key, String id) {
    return vertx.executeBlocking(() -> {
      Path file = fileOf(key);
      if (read(file).filter(id::equals).isPresent()) {
        Files.deleteIfExists(file);
      }
      return null;
    }, false);
  }

  /**
   * Moves the stale reservation aside (a rename: of two nodes doing so at once, one succeeds), then reserves
   * anew. Should the file moved aside turn out to be a reservation made just after this node read the stale one,
   * it is put back and the key is not taken.
   */
  @Override
  public Future<Boolean> takeOver(String key, String stale, String id) {
    return vertx.executeBlocking(() -> {
      Path file = fileOf(key);
      if (read(file).filter(stale::equals).isEmpty()) {
        return false;
      }
      Path aside = dir.resolve(file.getFileName() + ".stale-" + UUID.randomUUID());
      try {
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException gone) {
        return false; // another node moved it first
      }
      try {
        if (read(aside).filter(stale::equals).isEmpty()) {
          try {
            Files.createLink(file, aside);
          } catch (FileAlreadyExistsException third) {
            // yet another reservation came meanwhile: that one holds
          }
          return false;
        }
        return AtomicFiles.createOnce(file, id.getBytes(StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(aside);
      }
    }, false);
  }

  @Override
  public Future<Optional<String>> holder(String key) {
    return vertx.executeBlocking(() -> read(fileOf(key)), false);
  }

  @Override
  public int prune(Instant now) throws IOException {
    Instant horizon = now.minus(keep);
    int pruned = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(horizon) && Files.deleteIfExists(file)) {
            pruned++;
          }
        } catch (NoSuchFileException gone) {
          // removed meanwhile
        }
      }
    }
    return pruned;
  }

  private static Optional<String> read(Path file) throws IOException {
    try {
      return Optional.of(new String(AtomicFiles.readRegular(file, 256), StandardCharsets.UTF_8));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
  }

  private Path fileOf(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
