package dev.mesh.node.inference;

import dev.mesh.protocol.task.Pooling;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a model's embeddings are pooled: as its GGUF declares ({@code <arch>.pooling_type}), else LAST for a
 * decoder-only model and MEAN for an encoder. MEAN on a decoder-only model aborts llama.cpp b4916 (its llama graph
 * keeps only the output rows, and the mean's matrix no longer fits: GGML_ASSERT ggml_can_mul_mat, measured in the
 * isolated engine) — such a declaration is answered with LAST and says so.
 */
public record EmbeddingPooling(Pooling pooling, String why) {
  /** Encoder (embedding-only) architectures as llama.cpp names them. */
  static final Set<String> ENCODERS = Set.of("bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "t5encoder");

  public static EmbeddingPooling choose(String architecture, OptionalLong declaredId) {
    boolean encoder = ENCODERS.contains(architecture);
    Optional<Pooling> declared = declaredId.isPresent() ? Pooling.ofGgufId(declaredId.getAsLong()) : Optional.empty();
    if (declared.isEmpty()) {
      return encoder ? new EmbeddingPooling(Pooling.MEAN, "encoder without a declared pooling: mean")
          : new EmbeddingPooling(Pooling.LAST, "decoder-only model: last token");
    }
    Pooling p = declared.get();
    if (encoder && p != Pooling.NONE) {
      return new EmbeddingPooling(p, "declared by the model");
    }
    if (encoder) {
      return new EmbeddingPooling(Pooling.MEAN, "the model declares none (per-token vectors); mean gives one");
    }
    if (p == Pooling.LAST || p == Pooling.CLS) {
      return new EmbeddingPooling(p, "declared by the model");
    }
    return new EmbeddingPooling(Pooling.LAST, "the model declares " + p.wire()
        + ", which this llama.cpp cannot run on a decoder-only model; last token instead");
  }

  public static boolean encoder(String architecture) {
    return ENCODERS.contains(architecture);
  }
}
