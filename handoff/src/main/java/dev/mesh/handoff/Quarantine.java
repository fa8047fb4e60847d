package dev.mesh.handoff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Moves a file that can't be used to {@code rejected/}, beside {@code <name>.reason.txt} saying what was
 * wrong and where it was found. The file itself is renamed, never opened or followed: a symbolic link moves
 * as a link. A name already taken in {@code rejected/} gets a time suffix, so no earlier reject is lost.
 */
public final class Quarantine {
  public static final String REASON_SUFFIX = ".reason.txt";

  private final HandoffDir dir;
  private final Clock clock;
  private final Consumer<String> report;

  /** @param report told each note as it is written (the node logs it) */
  public Quarantine(HandoffDir dir, Clock clock, Consumer<String> report) {
    this.dir = dir;
    this.clock = clock;
    this.report = report;
  }

  /** @return false when the file was gone already (another reader quarantined or claimed it first) */
  public boolean reject(Path file, String reason) throws IOException {
    String name = file.getFileName().toString();
    Path target = dir.rejected().resolve(name);
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      target = dir.rejected().resolve(name + "." + clock.millis());
    }
    try {
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return false;
    }
    String note = "rejected " + file + " at " + clock.instant() + ": " + reason + "\n";
    AtomicFiles.write(dir.rejected().resolve(target.getFileName() + REASON_SUFFIX),
        note.getBytes(StandardCharsets.UTF_8));
    report.accept(note.trim());
    return true;
  }
}
