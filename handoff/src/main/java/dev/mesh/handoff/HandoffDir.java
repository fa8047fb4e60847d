package dev.mesh.handoff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared folder's layout (README, "Handoff directory"):
 * <pre>
 *   inbox/&lt;id&gt;.json            a task any node may take
 *   to/&lt;node&gt;/&lt;id&gt;.json        a task for that node only
 *   claims/&lt;node&gt;/&lt;id&gt;.json    taken by that node; its lease runs from the file's mtime, renewed by touching it
 *   results/&lt;id&gt;.json          the task's final record, written once
 *   rejected/&lt;name&gt;             a file that could not be used, beside &lt;name&gt;.reason.txt
 *   nodes/&lt;node&gt;.json          a node's advert, rewritten on every heartbeat
 * </pre>
 * Every file appears whole (temp name {@code .tmp-*} in the same folder, fsync, rename); readers skip
 * names starting with a dot. Folders and files are the owner's only.
 */
public final class HandoffDir {
  private final Path root;

  private HandoffDir(Path root) {
    this.root = root;
  }

  /** Opens (and creates where missing) the layout under {@code root}. */
  public static HandoffDir open(Path root) throws IOException {
    Files.createDirectories(root);
    // the root may be a link to the mount point; everything below it is created here and must not be one
    HandoffDir dir = new HandoffDir(root.toRealPath());
    for (Path folder : new Path[] {dir.inbox(), dir.root.resolve("to"), dir.root.resolve("claims"), dir.results(),
        dir.rejected(), dir.nodes()}) {
      AtomicFiles.ownerOnlyDirectory(folder);
    }
    return dir;
  }

  public Path root() {
    return root;
  }

  public Path inbox() {
    return root.resolve("inbox");
  }

  /** Tasks for {@code node} only; created on first use. */
  public Path inboxOf(String node) throws IOException {
    return AtomicFiles.ownerOnlyDirectory(root.resolve("to").resolve(Names.requireSafe("node name", node)));
  }

  /** Where {@code node}'s claims live; created on first use. */
  public Path claimsOf(String node) throws IOException {
    return AtomicFiles.ownerOnlyDirectory(root.resolve("claims").resolve(Names.requireSafe("node name", node)));
  }

  /** Every node's claims folder that exists now. */
  public Path claims() {
    return root.resolve("claims");
  }

  /** Every named node's inbox folder that exists now. */
  public Path named() {
    return root.resolve("to");
  }

  public Path results() {
    return root.resolve("results");
  }

  public Path resultOf(String taskId) {
    return results().resolve(Names.fileOf(taskId));
  }

  public Path rejected() {
    return root.resolve("rejected");
  }

  public Path nodes() {
    return root.resolve("nodes");
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
