package dev.mesh.handoff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Crash-safe whole-file writes: temp name in the same folder, flush + fsync, atomic rename,
 * fsync of the folder. A reader sees the old file or the new one, never half of either —
 * on local disks and on NFS, where rename within one directory is atomic.
 */
public final class AtomicFiles {
  /** Prefix of in-flight temp files; readers of a folder skip names that start with it. */
  public static final String TEMP_PREFIX = ".tmp-";

  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code content} atomically and durably. */
  public static void write(Path target, byte[] content) throws IOException {
    Path dir = parentOf(target);
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    try {
      writeAndSync(temp, content);
      move(temp, target);
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Creates {@code target} with {@code content} unless it exists: the content is written and synced under a
   * temp name, then hard-linked to the target name, which fails if the name is taken — atomic on local disks
   * and on NFS (the classic NFS-safe create), where an exclusive create would leave a half-written file
   * visible. Returns false, changing nothing, when the target already existed.
   */
  public static boolean createOnce(Path target, byte[] content) throws IOException {
    Path dir = parentOf(target);
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    try {
      writeAndSync(temp, content);
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException taken) {
        return false;
      } catch (UnsupportedOperationException e) {
        throw new IOException("the file system of " + target + " has no hard links, which write-once needs", e);
      }
      syncDirectory(dir);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Creates {@code dir} (and parents) readable by the owner only, where the OS has POSIX modes. */
  public static Path ownerOnlyDirectory(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link; refusing to use it as a data folder");
    }
    Files.createDirectories(dir);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(dir, OWNER_DIR);
    }
    return dir;
  }

  /**
   * Reads a regular file without following a symbolic link at its name, refusing more than maxBytes: checked
   * before reading, and again while reading (O_NOFOLLOW, bounded), since the name may be swapped or the file
   * grow between the check and the read. A file that is not there throws {@link NoSuchFileException}, never
   * "not a regular file": a reader that treats the latter as a bad file would quarantine a result being
   * written that very moment (seen in the handoff bench).
   */
  public static byte[] readRegular(Path file, long maxBytes) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      throw new IOException(file + " is not a regular file (a symbolic link, never followed)");
    }
    if (!attrs.isRegularFile()) {
      throw new IOException(file + " is not a regular file");
    }
    if (attrs.size() > maxBytes) {
      throw new IOException(file + " is " + attrs.size() + " bytes, over the limit of " + maxBytes);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    }
    if (bytes.length > maxBytes) {
      throw new IOException(file + " grew past the limit of " + maxBytes + " bytes while being read");
    }
    return bytes;
  }

  private static Path parentOf(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalArgumentException("target has no parent folder: " + target);
    }
    return dir;
  }

  /** Created owner-only from the first byte (not chmod-ed afterwards, which leaves a window). */
  private static void writeAndSync(Path temp, byte[] content) throws IOException {
    boolean posix = Files.getFileStore(temp.getParent()).supportsFileAttributeView("posix");
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (FileChannel ch = posix ? FileChannel.open(temp, options, PosixFilePermissions.asFileAttribute(OWNER_FILE))
        : FileChannel.open(temp, options)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temp file collision at " + temp, e);
    }
    if (posix) {
      Files.setPosixFilePermissions(temp, OWNER_FILE); // the umask may have taken bits the attribute asked for
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + target + " cannot rename atomically", e);
    }
  }

  /** Makes a rename or link itself durable; some platforms (macOS, Windows) can't open a folder: skip there. */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the data itself is already on disk
    }
  }
}
