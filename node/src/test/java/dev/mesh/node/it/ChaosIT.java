package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.chaos.ChaosRun;
import org.junit.jupiter.api.Test;

/**
 * The promise under faults, as a user's machines break: three nodes and a shared folder, keyed tasks and a
 * webhook job from a client that retries elsewhere, while nodes are killed -9 and restarted, frozen and thawed,
 * and cut off from the event bus. Nothing may be lost, nothing run twice, and every node must tell the same
 * story once the mesh has healed. (A short run here; {@code bench/run chaos} runs longer ones.)
 */
class ChaosIT {
  @Test
  void noTaskIsLostOrRunTwiceWhileNodesAreKilledFrozenCutAndRestarted() throws Exception {
    assertThat(ChaosRun.runAll()).as("every chaos run kept the promise (see the table and problems above)").isTrue();
  }
}
