package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepackedWeightsTest {
  private static final SyntheticModel.Spec SPEC = SyntheticModel.Spec.defaults().withSize(2, 64, 128);
  /** This workplace's CPU as /proc/cpuinfo names it (what the bundled x86-64 library needs, and more). */
  private static final Set<String> HASWELL_AND_LATER = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "bmi2");
  private static final Set<String> CORE_2_DUO = Set.of("sse3", "ssse3", "sse4_1");
  private static final Set<String> PI_5 = Set.of("neon", "asimd", "asimddp", "fphp", "asimdhp");

  /**
   * The layers' Q4_0 matrices; not token_embd (a row lookup), not output.weight (259 rows: not a multiple of 8), and
   * not the last layer's FFN: it lies after the last tensor that stays mapped (blk.1.ffn_norm), where llama.cpp
   * unmaps the file, so only its copy is resident.
   */
  @Test
  void q4_0MatricesInsideTheMappedSpanAreHeldTwiceOnX86WithAvx2(@TempDir Path dir) throws Exception {
    GgufFile q4 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q4_0), dir.resolve("q4.gguf"));
    long inSpan = bytesOf(q4, t -> t.name().startsWith("blk.") && t.dims().size() == 2
        && !t.name().matches("blk\\.1\\.ffn_(gate|down|up)\\.weight"));

    assertThat(RepackedWeights.bytes(q4, "amd64", HASWELL_AND_LATER)).isEqualTo(inSpan).isPositive();
    assertThat(RepackedWeights.bytes(q4, "x86_64", HASWELL_AND_LATER)).isEqualTo(inSpan);
  }

  @Test
  void aRepackedMatrixAfterTheLastMappedTensorIsHeldOnce(@TempDir Path dir) throws Exception {
    GgufFile q4 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q4_0), dir.resolve("q4.gguf"));
    long allMatrices = bytesOf(q4, t -> t.name().startsWith("blk.") && t.dims().size() == 2);
    long tail = bytesOf(q4, t -> t.name().matches("blk\\.1\\.ffn_(gate|down|up)\\.weight"));

    assertThat(tail).isPositive();
    assertThat(RepackedWeights.bytes(q4, "amd64", HASWELL_AND_LATER)).isEqualTo(allMatrices - tail);
  }

  @Test
  void nothingRepacksWithoutAvx2KernelsNorInTheBaselineArmBuild(@TempDir Path dir) throws Exception {
    GgufFile q4 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q4_0), dir.resolve("q4.gguf"));

    assertThat(RepackedWeights.bytes(q4, "amd64", CORE_2_DUO)).as("a library for a Core 2 Duo has no AVX2").isZero();
    assertThat(RepackedWeights.bytes(q4, "aarch64", PI_5)).as("the bundled ARM build has no dot-product kernels")
        .isZero();
  }

  @Test
  void otherTypesAreNotRepacked(@TempDir Path dir) throws Exception {
    GgufFile q8 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q8_0), dir.resolve("q8.gguf"));
    GgufFile f16 = SyntheticModel.write(SPEC.withQuant(GgmlType.F16), dir.resolve("f16.gguf"));
    assertThat(RepackedWeights.bytes(q8, "amd64", HASWELL_AND_LATER)).isZero();
    assertThat(RepackedWeights.bytes(f16, "amd64", HASWELL_AND_LATER)).isZero();
  }

  /** Without output.weight the embedding doubles as the output layer: mapped for lookups and repacked for the matmul. */
  @Test
  void aTiedEmbeddingIsHeldTwice(@TempDir Path dir) throws Exception {
    GgufWriter w = GgufWriter.create();
    GgufTensor embd = w.addTensor("token_embd.weight", GgmlType.Q4_0, 64, 256);
    w.addTensor("blk.0.attn_norm.weight", GgmlType.F32, 64);
    GgufTensor q = w.addTensor("blk.0.attn_q.weight", GgmlType.Q4_0, 64, 64);
    w.addTensor("output_norm.weight", GgmlType.F32, 64);
    GgufFile tied = write(w, dir.resolve("tied.gguf"));

    assertThat(RepackedWeights.bytes(tied, "amd64", HASWELL_AND_LATER)).isEqualTo(embd.byteSize() + q.byteSize());
  }

  @Test
  void theEstimateAddsTheCopy(@TempDir Path dir) throws Exception {
    GgufFile q4 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q4_0), dir.resolve("q4.gguf"));
    ModelShape shape = ModelShape.of(q4);
    long copy = RepackedWeights.bytes(q4, "amd64", HASWELL_AND_LATER);
    MemoryEstimate with = MemoryEstimate.of(shape, 256, 256, 0, copy);
    assertThat(with.totalBytes() - MemoryEstimate.of(shape, 256, 256, 0).totalBytes()).isEqualTo(copy);
    assertThat(with.describe()).contains("repacked");
  }

  private static long bytesOf(GgufFile file, Predicate<GgufTensor> which) {
    return file.tensors().stream().filter(which).mapToLong(GgufTensor::byteSize).sum();
  }

  private static GgufFile write(GgufWriter w, Path target) throws IOException {
    w.putString("general.architecture", "llama");
    w.write(target, (tensor, out) -> out.write(new byte[(int) tensor.byteSize()]));
    return GgufReader.read(target);
  }
}
