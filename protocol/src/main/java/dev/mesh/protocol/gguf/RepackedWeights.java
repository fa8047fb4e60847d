package dev.mesh.protocol.gguf;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Weights that llama.cpp's CPU backend holds twice: copied into a repacked layout at load while the file pages they
 * came from stay mapped and resident. What repacks is decided by how the library was compiled (b4916,
 * ggml-cpu-aarch64.cpp {@code ggml_aarch64_get_optimal_repack_type}; {@code ggml_cpu_has_avx2()},
 * {@code _dotprod()} and {@code _matmul_int8()} in ggml-cpu.c answer with compile-time macros):
 * <ul>
 * <li>x86-64 with AVX2 — every build of java-llama.cpp's x86-64 library: each Q4_0 matrix a matrix multiply reads
 *     (not {@code token_embd}'s row lookups, unless it doubles as the output layer) whose rows divide by 8 becomes
 *     q4_0_8x8, the same size.</li>
 * <li>x86 without AVX2 (a Core 2 Duo): the bundled library dies there with SIGILL, and one built for that CPU has
 *     no AVX2 kernels: nothing repacks.</li>
 * <li>aarch64 (Raspberry Pi): the bundled library is baseline ARMv8, without dot-product or int8-matmul kernels:
 *     nothing repacks. A library built with them (a Pi 5 with {@code -mcpu=native}) would repack Q4_0 and IQ4_NL
 *     matrices with rows divisible by 4; the node runs the bundled one.</li>
 * </ul>
 * The copy does not always come on top: after loading, llama.cpp unmaps the file before the first and after the
 * last tensor that stays in the mapping ({@code load_all_data}: {@code unmap_fragment}), so a repacked matrix
 * outside that span is held once — measured, a synthetic Q4_0 file's last three FFN matrices (4.9 of 83 MiB).
 */
public final class RepackedWeights {
  private static final int X86_ROWS_MULTIPLE = 8;

  private RepackedWeights() {}

  /**
   * Bytes held twice for a model on a CPU of this {@code os.arch} with these {@code cpuFeatures} (lower case,
   * /proc/cpuinfo spelling, e.g. "avx2").
   */
  public static long bytes(GgufFile file, String osArch, Set<String> cpuFeatures) {
    if (!x86(osArch) || !cpuFeatures.contains("avx2")) {
      return 0;
    }
    boolean tiedOutput = file.tensors().stream().noneMatch(t -> t.name().equals("output.weight"));
    List<GgufTensor> repacked = file.tensors().stream().filter(t -> repacked(t, tiedOutput)).toList();
    // the span of the file that stays mapped: from the first to the end of the last tensor not repacked
    long mappedFrom = Long.MAX_VALUE;
    long mappedTo = 0;
    for (GgufTensor t : file.tensors()) {
      if (!repacked.contains(t) || tiedOutput && t.name().equals("token_embd.weight")) {
        mappedFrom = Math.min(mappedFrom, t.offset());
        mappedTo = Math.max(mappedTo, t.offset() + t.byteSize());
      }
    }
    long bytes = 0;
    for (GgufTensor t : repacked) {
      if (t.offset() >= mappedFrom && t.offset() + t.byteSize() <= mappedTo) {
        bytes += t.byteSize();
      }
    }
    return bytes;
  }

  /** Whether the x86 AVX2 build copies {@code t} into q4_0_8x8 (a tied token_embd also stays mapped for lookups). */
  private static boolean repacked(GgufTensor t, boolean tiedOutput) {
    boolean matrix = t.dims().size() == 2 || (t.dims().size() == 3 && t.name().contains("_exps"));
    boolean multiplied = !t.name().equals("token_embd.weight") || tiedOutput;
    return t.type() == GgmlType.Q4_0 && matrix && multiplied && t.dims().get(1) % X86_ROWS_MULTIPLE == 0;
  }

  private static boolean x86(String osArch) {
    String a = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
    return a.equals("amd64") || a.equals("x86_64");
  }
}
