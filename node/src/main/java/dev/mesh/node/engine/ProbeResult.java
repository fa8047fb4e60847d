package dev.mesh.node.engine;

import java.util.List;

/**
 * Whether this machine can run a local engine, and why not when it can't.
 *
 * @param library     the native library that was (or would be) used, e.g. {@code bundled Linux/x86_64}
 * @param cpuFeatures the CPU features relevant to llama.cpp that this CPU has (avx2, fma, neon, ...)
 */
public record ProbeResult(boolean available, String reason, String library, List<String> cpuFeatures) {

  public ProbeResult {
    cpuFeatures = List.copyOf(cpuFeatures);
  }

  ProbeResult unavailable(String why) {
    return new ProbeResult(false, why, library, cpuFeatures);
  }
}
