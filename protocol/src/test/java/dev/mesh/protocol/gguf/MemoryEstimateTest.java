package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

  private static final long MIB = 1 << 20;
  /** Shape of the default synthetic model (4 x 128, ff 352, 4 heads, 259 tokens, F32). */
  private static final ModelShape SYNTHETIC = new ModelShape("llama", "s", 4, 128, 352, 4, 4, 32, 2048, 259,
      "F32", 870_272, 3_481_088, 1, 2, 39, 8992, true);

  @Test
  void storiesEstimateSumsTensorBytesAndF16KvCache() throws IOException {
    ModelShape stories = GgufReader.read(StoriesModel.path()).shape();
    MemoryEstimate e = MemoryEstimate.of(stories, 2048, 512, 64 * MIB);

    assertThat(e.weightsBytes()).isEqualTo(1_171_200);
    assertThat(e.kvCacheBytes()).isEqualTo(2L * 5 * 2048 * 4 * 8 * 2);
    assertThat(e.outputBytes()).isEqualTo((512L + 64) * 4 * 512);
    assertThat(e.reserveBytes()).isEqualTo(64 * MIB);
    assertThat(e.totalBytes()).isEqualTo(e.weightsBytes() + e.kvCacheBytes() + e.outputBytes()
        + e.computeBytes() + e.footprintBytes() + e.reserveBytes());
  }

  @Test
  void coversTheBuffersLlamaCppReportedForStories() throws IOException {
    // java-llama.cpp 4.2.0 (llama.cpp b4916), ctx 512, ubatch 512: KV 0.31 MiB, CPU compute buffer 9.51 MiB
    MemoryEstimate e = MemoryEstimate.of(GgufReader.read(StoriesModel.path()).shape(), 512, 512, 0);
    assertThat(e.kvCacheBytes()).isEqualTo(327_680);
    assertThat(e.computeBytes()).isBetween((long) (9.51 * MIB), (long) (9.51 * 1.3 * MIB));
  }

  @Test
  void coversTheBuffersLlamaCppReportedForALargerSyntheticModel() {
    // synthetic 4 x 768, ff 2048, 4 heads, ctx 512, ubatch 512: KV 6.00 MiB, CPU compute buffer 13.51 MiB
    ModelShape shape = new ModelShape("llama", "s", 4, 768, 2048, 4, 4, 192, 2048, 259, "F32", 0, 0, 1, 2, 39, 9000, true);
    MemoryEstimate e = MemoryEstimate.of(shape, 512, 512, 0);
    assertThat(e.kvCacheBytes()).isEqualTo(6 * MIB);
    assertThat(e.computeBytes()).isBetween((long) (13.51 * MIB), (long) (13.51 * 1.3 * MIB));
  }

  @Test
  void kvCacheGrowsLinearlyWithContextAndWeightsDoNot() {
    MemoryEstimate small = MemoryEstimate.of(SYNTHETIC, 1024, 512, 0);
    MemoryEstimate big = MemoryEstimate.of(SYNTHETIC, 4096, 512, 0);
    assertThat(big.kvCacheBytes()).isEqualTo(4 * small.kvCacheBytes());
    assertThat(big.weightsBytes()).isEqualTo(small.weightsBytes());
    assertThat(big.computeBytes()).isGreaterThan(small.computeBytes());
  }

  @Test
  void kvCacheScalesWithKvHeadsNotQueryHeads() {
    ModelShape gqa = new ModelShape("llama", "s", 4, 128, 352, 4, 1, 32, 2048, 259, "F32", 0, 0, 1, 2, 39, 0, true);
    assertThat(MemoryEstimate.of(gqa, 2048, 512, 0).kvCacheBytes() * 4)
        .isEqualTo(MemoryEstimate.of(SYNTHETIC, 2048, 512, 0).kvCacheBytes());
  }

  @Test
  void contextIsPaddedTo32AndBatchCappedByContext() {
    MemoryEstimate e = MemoryEstimate.of(SYNTHETIC, 100, 512, 0);
    assertThat(e.contextTokens()).isEqualTo(128);
    assertThat(e.batchTokens()).isEqualTo(128);
    assertThat(e.kvCacheBytes()).isEqualTo(2L * 4 * 128 * 128 * 2);
  }

  @Test
  void largerBatchNeedsMoreComputeAndOutput() {
    MemoryEstimate b32 = MemoryEstimate.of(SYNTHETIC, 2048, 32, 0);
    MemoryEstimate b512 = MemoryEstimate.of(SYNTHETIC, 2048, 512, 0);
    assertThat(b512.computeBytes()).isGreaterThan(b32.computeBytes());
    assertThat(b512.outputBytes()).isEqualTo(16 * b32.outputBytes());
    assertThat(b512.kvCacheBytes()).isEqualTo(b32.kvCacheBytes());
  }

  @Test
  void describeIsOneLineInMib() {
    String line = MemoryEstimate.of(SYNTHETIC, 2048, 512, 256 * MIB).describe();
    assertThat(line).doesNotContain("\n")
        .startsWith("total ").contains("weights 3.3 + KV 4.0 + ").contains("reserve 256.0 MiB (ctx 2048, batch 512)");
  }

  @Test
  void preconditionsNameTheArgument() {
    assertThatThrownBy(() -> MemoryEstimate.of(SYNTHETIC, 0, 512, 0)).hasMessage("contextTokens must be > 0 but was 0");
    assertThatThrownBy(() -> MemoryEstimate.of(SYNTHETIC, 512, -1, 0)).hasMessage("batchTokens must be > 0 but was -1");
    assertThatThrownBy(() -> MemoryEstimate.of(SYNTHETIC, 512, 512, -5)).hasMessage("runtimeReserveBytes must be >= 0 but was -5");
  }
}
