package dev.mesh.bench.process;

/** A loopback port free right now, so several runs (and other engineers' nodes) don't collide. */
public final class Ports {
  private Ports() {}

  /** A port no other start on this machine is handed, below the OS's ephemeral range ({@code FreePorts}). */
  public static int free() {
    return dev.mesh.node.cli.FreePorts.next();
  }
}
