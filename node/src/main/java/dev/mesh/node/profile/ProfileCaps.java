package dev.mesh.node.profile;

import dev.mesh.node.config.EngineConfig;
import dev.mesh.node.config.MemoryConfig;
import dev.mesh.node.config.NodeConfig;
import dev.mesh.node.config.PowerConfig;

/** Applies a node's profile to its config: fewer threads, a larger RAM reserve, declared watts when none are. */
public final class ProfileCaps {
  private static final long MIB = 1024L * 1024;

  private ProfileCaps() {}

  public static NodeConfig apply(NodeConfig c) {
    if (c.profile() == null) {
      return c;
    }
    Profile p = Profile.named(c.profile());
    EngineConfig e = c.engine();
    EngineConfig engine = new EngineConfig(e.enabled(), Math.min(e.threads(), p.threads()), e.contextTokens(),
        e.batchTokens(), e.niceness(), e.heapMb());
    MemoryConfig memory = new MemoryConfig(Math.max(c.memory().reserveMb(), p.reserveBytes() / MIB), c.memory().limitMb());
    boolean wattsDeclared = c.power().idleWatts() > 0 || c.power().busyWatts() > 0;
    PowerConfig power = wattsDeclared ? c.power() : new PowerConfig(p.idleWatts(), p.busyWatts());
    return new NodeConfig(c.name(), c.profile(), c.dataDir(), c.http(), c.cluster(), engine, c.models(), memory,
        power, c.limits(), c.routing(), c.handoff(), c.auth(), c.hooks(), c.callbacks(), c.retention(), c.library(),
        c.remotes(), c.security());
  }
}
