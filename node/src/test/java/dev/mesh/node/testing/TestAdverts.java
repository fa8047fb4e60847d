package dev.mesh.node.testing;

import dev.mesh.protocol.Schema;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Platform;
import dev.mesh.protocol.advert.Power;
import dev.mesh.protocol.advert.Transports;
import java.time.Instant;
import java.util.List;

/** Adverts for tests that run a node's parts in one JVM. */
public final class TestAdverts {
  private TestAdverts() {}

  /** A node that is up but has no engine: routing finds no capable node there. */
  public static NodeAdvert withoutEngine(String name) {
    Instant now = Instant.now();
    return new NodeAdvert(Schema.VERSION, name + "@test", name, "127.0.0.1", "test", now,
        new Platform("linux", "x86_64", 2, List.of()), new Memory(8L << 30, 4L << 30, 1L << 30), List.of(),
        new LocalEngine(false, "no engine in this test", null), new Load(0, 0, 1, 0, 0), new Power(5, 10),
        NodeState.UP, null, new Transports(false, null), 1, now);
  }
}
