package dev.mesh.protocol.gguf;

import java.util.Optional;

/** Names of llama.cpp's {@code enum llama_ftype} (the {@code general.file_type} key), as its quantize tool prints them. */
final class FileTypeLabel {

  // index = llama_ftype id; null = unused or removed id
  private static final String[] NAMES = {
    "F32", "F16", "Q4_0", "Q4_1", "Q4_1_SOME_F16", null, null, "Q8_0", "Q5_0", "Q5_1",
    "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS",
    "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M",
    "IQ4_XS", "IQ1_M", "BF16", null, null, null, "TQ1_0", "TQ2_0", "MXFP4_MOE",
  };

  private FileTypeLabel() {
  }

  static Optional<String> of(long fileType) {
    return fileType >= 0 && fileType < NAMES.length ? Optional.ofNullable(NAMES[(int) fileType]) : Optional.empty();
  }

  /** The llama_ftype id llama.cpp's quantize tool writes for a model whose matrices are {@code type}. */
  static int idOf(GgmlType type) {
    return switch (type) {
      case F32 -> 0;
      case F16 -> 1;
      case Q4_0 -> 2;
      case Q8_0 -> 7;
      default -> throw new IllegalArgumentException("no file type id kept for " + type);
    };
  }
}
