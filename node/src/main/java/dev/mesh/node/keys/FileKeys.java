package dev.mesh.node.keys;

import dev.mesh.handoff.AtomicFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The keys of a node alone, on its disk: one file per key under {@code <data>/keys}, named by the key's SHA-256
 * (any key is a safe file name; the key itself is never written), holding the task id. Reserving creates the
 * file once and for all (temp file, fsync, hard link — refused when it exists), so a restart keeps every key
 * without reading them all. Files older than the retention are removed.
 */
public final class FileKeys implements KeyRegistry {
  private final Vertx vertx;
  private final Path dir;
  private final Duration keep;

  public FileKeys(Vertx vertx, Path dataDir, Duration keep) throws IOException {
    this.vertx = vertx;
    this.dir = AtomicFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
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
