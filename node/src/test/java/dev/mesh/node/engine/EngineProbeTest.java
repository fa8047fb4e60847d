package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void thisMachineRunsTheBundledLibraryAndGenerates(@TempDir Path workDir) throws Exception {
    ProbeResult result = EngineProbe.run(CpuProbe.forThisMachine(), TestModel.find().spec(workDir), TIMEOUT);

    assertThat(result.available()).as(result.reason()).isTrue();
    assertThat(result.library()).isEqualTo("bundled " + NativeLibrary.bundledFolder());
    assertThat(result.reason()).contains("generated 4 tokens");
    if (NativeLibrary.isX86_64(System.getProperty("os.arch"))) {
      assertThat(result.cpuFeatures()).contains("avx2", "fma");
    }
  }

  @Test
  void refusesWithoutStartingAnEngineWhenTheCpuLacksAvx2(@TempDir Path workDir) {
    CpuProbe core2Duo = new CpuProbe("Linux", "amd64", () -> List.of("fpu sse sse2 pni ssse3 sse4_1 cx16"));
    EngineSpec spec = new EngineSpec(null, 128, 1, 128, workDir, null, null, null, 0);

    ProbeResult result = EngineProbe.run(core2Duo, spec, TIMEOUT);

    assertThat(result.available()).isFalse();
    assertThat(result.reason()).startsWith("cpu lacks avx, avx2");
    assertThat(workDir.resolve(EngineLog.FILE_NAME)).doesNotExist();
  }

  /** A real child that dies by SIGILL, as the JVM does at backend init on a CPU without AVX2. */
  @Test
  void reportsNoLocalEngineWhenTheProbeProcessDiesWithSigill(@TempDir Path workDir) {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    EngineSpec spec = new EngineSpec(null, 128, 1, 128, workDir, List.of("-c", "kill -ILL $$"), "/bin/sh",
        null, 0);

    ProbeResult result = EngineProbe.run(CpuProbe.forThisMachine(), spec, TIMEOUT);

    assertThat(result.available()).isFalse();
    assertThat(result.reason()).startsWith("engine probe died with SIGILL (engine process ")
        .endsWith("killed by signal 4 (SIGILL) while probing)");
  }

  @Test
  void probesTheLibraryAloneWhenGivenNoModel(@TempDir Path workDir) {
    EngineSpec spec = new EngineSpec(null, 128, 1, 128, workDir, null, null, null, 0);

    ProbeResult result = EngineProbe.run(CpuProbe.forThisMachine(), spec, TIMEOUT);

    assertThat(result.available()).as(result.reason()).isTrue();
    assertThat(result.reason()).isEqualTo("engine probe ran bundled " + NativeLibrary.bundledFolder());
  }
}
