package dev.mesh.node.drain;

import dev.mesh.handoff.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this node is drained: it finishes what it holds and takes nothing new (routing skips a draining
 * advert; a task handed to it anyway is routed on; it claims nothing from the shared folder). Kept in a file
 * in the data folder, so a node drained for maintenance stays drained across the restart that maintenance is.
 */
public final class DrainSwitch {
  private final Path file;
  private volatile String reason;

  private DrainSwitch(Path file, String reason) {
    this.file = file;
    this.reason = reason;
  }

  public static DrainSwitch load(Path dataDir) throws IOException {
    Path file = dataDir.resolve("drained");
    String reason = Files.isRegularFile(file)
        ? new String(AtomicFiles.readRegular(file, 4096), StandardCharsets.UTF_8).trim() : null;
    return new DrainSwitch(file, reason);
  }

  public boolean on() {
    return reason != null;
  }

  /** Why it is drained (who asked, when), or null. */
  public String reason() {
    return reason;
  }

  /** Blocking (writes the file). */
  public void drain(String why) throws IOException {
    AtomicFiles.write(file, why.getBytes(StandardCharsets.UTF_8));
    reason = why;
  }

  /** Blocking (removes the file). */
  public void undrain() throws IOException {
    Files.deleteIfExists(file);
    reason = null;
  }
}
