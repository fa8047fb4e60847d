package dev.mesh.bench.placement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.cluster.MeshCluster;
import java.io.IOException;
import java.util.Set;

/** Waits until the engine nodes advertise nothing running or queued, and the entries have heard it. */
final class Idle {
  private static final long TIMEOUT_MS = 60_000;
  private static final long POLL_MS = 200;
  /** Adverts go out every second: after this long every entry has one made after the last task ended. */
  private static final long SETTLE_MS = 1_500;

  private Idle() {}

  static void await(MeshCluster cluster, Set<String> engineNodes) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (engineNodes.stream().allMatch(n -> idle(cluster, n))) {
        Thread.sleep(SETTLE_MS);
        return;
      }
      Thread.sleep(POLL_MS);
    }
    throw new IOException("engine nodes still busy after " + TIMEOUT_MS / 1000 + " s");
  }

  private static boolean idle(MeshCluster cluster, String node) {
    try {
      JsonNode load = cluster.node(node).clusterStatus().path("nodes").path(0).path("load");
      return load.path("running").asInt() == 0 && load.path("queued").asInt() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
