package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepackedWeightsTest {
  private static final SyntheticModel.Spec SPEC = SyntheticModel.Spec.defaults().withSize(2, 64, 128);

  /** The layers' Q4_0 matrices; not token_embd (a row lookup), not output.weight (259 rows: not a multiple of 8). */
  @Test
  void q4_0MatricesAreCountedTwiceOnX86ButNotTheEmbeddingLookupNorOddRowCounts(@TempDir Path dir) throws Exception {
    GgufFile q4 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q4_0), dir.resolve("q4.gguf"));
    long matrices = q4.tensors().stream().filter(t -> t.name().startsWith("blk.") && t.dims().size() == 2)
        .mapToLong(GgufTensor::byteSize).sum();
    assertThat(RepackedWeights.bytes(q4, "amd64")).isEqualTo(matrices).isPositive();
    assertThat(RepackedWeights.bytes(q4, "x86_64")).isEqualTo(matrices);
    assertThat(RepackedWeights.bytes(q4, "aarch64")).as("the bundled ARM build has no repacking kernels").isZero();
  }

  @Test
  void otherTypesAreNotRepacked(@TempDir Path dir) throws Exception {
    GgufFile q8 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q8_0), dir.resolve("q8.gguf"));
    GgufFile f16 = SyntheticModel.write(SPEC.withQuant(GgmlType.F16), dir.resolve("f16.gguf"));
    assertThat(RepackedWeights.bytes(q8, "amd64")).isZero();
    assertThat(RepackedWeights.bytes(f16, "amd64")).isZero();
  }

  @Test
  void theEstimateAddsTheCopy(@TempDir Path dir) throws Exception {
    GgufFile q4 = SyntheticModel.write(SPEC.withQuant(GgmlType.Q4_0), dir.resolve("q4.gguf"));
    ModelShape shape = ModelShape.of(q4);
    long copy = RepackedWeights.bytes(q4, "amd64");
    MemoryEstimate with = MemoryEstimate.of(shape, 256, 256, 0, copy);
    assertThat(with.totalBytes() - MemoryEstimate.of(shape, 256, 256, 0).totalBytes()).isEqualTo(copy);
    assertThat(with.describe()).contains("repacked");
  }
}
