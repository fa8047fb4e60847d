package dev.mesh.protocol.gguf;

/**
 * Weights llama.cpp's CPU backend copies into a repacked layout at load, on top of the mapped file (b4916,
 * ggml-cpu-aarch64.cpp): on x86-64 with AVX2 — every build of java-llama.cpp's x86-64 library — each Q4_0
 * matrix a matrix multiply reads (not {@code token_embd}'s row lookups, unless it doubles as the output layer)
 * whose rows divide by 8. The copy is the same size, and the file stays mapped and resident (MAP_POPULATE), so
 * those weights count twice. The bundled aarch64 library is built for baseline ARMv8, without the dot-product
 * kernels that repack there: none.
 */
public final class RepackedWeights {
  private static final int X86_ROWS_MULTIPLE = 8;

  private RepackedWeights() {}

  /** Bytes of the repacked copy for a model on a CPU of this {@code os.arch}. */
  public static long bytes(GgufFile file, String osArch) {
    if (!x86(osArch)) {
      return 0;
    }
    boolean tiedOutput = file.tensors().stream().noneMatch(t -> t.name().equals("output.weight"));
    long bytes = 0;
    for (GgufTensor t : file.tensors()) {
      boolean matrix = t.dims().size() == 2 || (t.dims().size() == 3 && t.name().contains("_exps"));
      boolean multiplied = !t.name().equals("token_embd.weight") || tiedOutput;
      if (t.type() == GgmlType.Q4_0 && matrix && multiplied && t.dims().get(1) % X86_ROWS_MULTIPLE == 0) {
        bytes += t.byteSize();
      }
    }
    return bytes;
  }

  private static boolean x86(String osArch) {
    String a = osArch == null ? "" : osArch.toLowerCase(java.util.Locale.ROOT);
    return a.equals("amd64") || a.equals("x86_64");
  }
}
