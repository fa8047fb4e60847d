package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuProbeTest {
  private static final String HASWELL = "fpu vme sse sse2 pni ssse3 fma cx16 sse4_1 sse4_2 popcnt avx f16c"
      + " bmi1 avx2 bmi2";

  @Test
  void refusesX86WithoutAvx2NamingWhatIsMissing() {
    String sandyBridge = "fpu sse sse2 pni ssse3 sse4_1 sse4_2 popcnt avx";

    ProbeResult result = new CpuProbe("Linux", "amd64", () -> List.of(sandyBridge)).check();

    assertThat(result.available()).isFalse();
    assertThat(result.reason()).startsWith("cpu lacks avx2, fma, f16c, bmi2 (the bundled Linux/x86_64 library");
    assertThat(result.cpuFeatures()).contains("avx", "sse4_2", "sse3").doesNotContain("avx2", "fpu");
  }

  @Test
  void acceptsX86WithEveryRequiredFeature() {
    ProbeResult result = new CpuProbe("Linux", "x86_64", () -> List.of(HASWELL)).check();

    assertThat(result.available()).as(result.reason()).isTrue();
    assertThat(result.cpuFeatures()).contains("avx2", "fma", "f16c", "bmi2");
  }

  @Test
  void understandsMacOsSysctlSpelling() {
    String features = "FPU VME SSE SSE2 SSE3 SSSE3 FMA CX16 SSE4.1 SSE4.2 POPCNT AVX1.0 RDRAND F16C";
    String leaf7 = "RDWRFSGS TSC_THREAD_OFFSET BMI1 AVX2 SMEP BMI2 ERMS INVPCID";

    ProbeResult result = new CpuProbe("Mac OS X", "x86_64", () -> List.of(features, leaf7)).check();

    assertThat(result.available()).as(result.reason()).isTrue();
    assertThat(result.library()).isEqualTo("bundled Mac/x86_64");
    assertThat(result.cpuFeatures()).contains("avx", "sse4_1");
  }

  @Test
  void macOsCore2DuoIsRefused() {
    String core2 = "FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE MCA CMOV PAT PSE36 CLFSH DS ACPI MMX"
        + " FXSR SSE SSE2 SS HTT TM PBE SSE3 DTES64 MON DSCPL VMX SMX EST TM2 SSSE3 CX16 TPR PDCM SSE4.1";

    ProbeResult result = new CpuProbe("Mac OS X", "x86_64", () -> List.of(core2)).check();

    assertThat(result.reason()).startsWith("cpu lacks avx, avx2, fma, f16c, bmi2");
  }

  @Test
  void aarch64NeedsNoOptionalFeatures() {
    ProbeResult result = new CpuProbe("Linux", "aarch64", () -> List.of("fp asimd evtstrm crc32 cpuid")).check();

    assertThat(result.available()).isTrue();
    assertThat(result.library()).isEqualTo("bundled Linux/aarch64");
    assertThat(result.cpuFeatures()).containsExactly("asimd");
  }

  @Test
  void refusesAnArchWithoutABundledLibrary() {
    ProbeResult result = new CpuProbe("Linux", "riscv64", List::of).check();

    assertThat(result.available()).isFalse();
    assertThat(result.reason()).isEqualTo("no bundled native library for arch riscv64");
  }

  @Test
  void readsTheFirstFlagsLineOfProcCpuinfo() {
    List<String> cpuinfo = List.of("processor\t: 0", "model name\t: Some CPU", "flags\t\t: fpu avx2 fma",
        "processor\t: 1", "flags\t\t: ignored");

    assertThat(CpuProbe.cpuinfoFlags(cpuinfo)).containsExactly("fpu", "avx2", "fma");
  }
}
