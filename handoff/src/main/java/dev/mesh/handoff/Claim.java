package dev.mesh.handoff;

import java.nio.file.Path;

/** A task this node took from the shared folder: it is in {@code file} (under claims/&lt;node&gt;/) while it runs. */
public record Claim(HandoffTask task, Path file, String node) {
  public String id() {
    return task.id();
  }
}
