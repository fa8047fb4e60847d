package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS)
class EngineExitTest {

  @Test
  void namesTheSignalBehindAnExitCodeAbove128() {
    assertThat(exit(137).signal()).isEqualTo(9);
    assertThat(exit(137).signalName()).isEqualTo("SIGKILL");
    assertThat(exit(132).signalName()).isEqualTo("SIGILL");
    assertThat(exit(134).signalName()).isEqualTo("SIGABRT");
    assertThat(exit(139).signalName()).isEqualTo("SIGSEGV");
    assertThat(exit(139).signal()).isEqualTo(11);
  }

  @Test
  void describesACrashTheWayOperatorsReadIt() {
    assertThat(exit(137).describe()).isEqualTo("engine process 12345 died: killed by signal 9 (SIGKILL) while generating");
    assertThat(exit(1).describe()).isEqualTo("engine process 12345 died: exited with code 1 while generating");
    assertThat(exit(1).signalName()).isEmpty();
  }

  @Test
  void prefersTheJvmReportedSignalOnlyWhenTheJvmAborted() {
    EngineExit sigill = EngineExit.of(7, 134, "SIGILL", 4, "loading", false);
    EngineExit segvAfterTerm = EngineExit.of(7, 143, "SIGSEGV", 11, "generating", false);

    assertThat(sigill.signalName()).isEqualTo("SIGILL");
    assertThat(sigill.describe()).isEqualTo(
        "engine process 7 died: fatal signal 4 (SIGILL) in native code, JVM exit code 134 while loading");
    assertThat(segvAfterTerm.signalName()).isEqualTo("SIGTERM");
  }

  @Test
  void backoffDoublesFromHalfASecondUpToTheCap() {
    RestartPolicy policy = RestartPolicy.DEFAULT;

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(8)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(30));
  }

  private static EngineExit exit(int code) {
    return EngineExit.of(12345, code, null, 0, "generating", false);
  }
}
