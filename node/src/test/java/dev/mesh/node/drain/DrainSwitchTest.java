package dev.mesh.node.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainSwitchTest {
  @TempDir Path dataDir;

  @Test
  void aDrainedNodeStaysDrainedAcrossARestartUntilUndrained() throws Exception {
    DrainSwitch first = DrainSwitch.load(dataDir);
    assertThat(first.on()).isFalse();
    first.drain("drained by key 'me' via pi at 2026-11-21T10:00:00Z");

    DrainSwitch restarted = DrainSwitch.load(dataDir);
    assertThat(restarted.on()).isTrue();
    assertThat(restarted.reason()).isEqualTo("drained by key 'me' via pi at 2026-11-21T10:00:00Z");

    restarted.undrain();
    assertThat(DrainSwitch.load(dataDir).on()).isFalse();
  }
}
