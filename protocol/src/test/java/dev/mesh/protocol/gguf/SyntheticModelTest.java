package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticModelTest {

  private static final SyntheticModel.Spec SMALL = new SyntheticModel.Spec(2, 64, 96, 4, 2, 512, GgmlType.F32, 7);

  @TempDir
  Path dir;

  @Test
  void defaultsAreTheDocumentedSpec() {
    assertThat(SyntheticModel.Spec.defaults())
        .isEqualTo(new SyntheticModel.Spec(4, 128, 352, 4, 4, 2048, GgmlType.F32, 42));
    assertThat(SyntheticModel.Spec.defaults().name()).isEqualTo("mesh-synthetic-4x128-f32");
  }

  @ParameterizedTest
  @EnumSource(value = GgmlType.class, names = {"F32", "F16", "Q8_0", "Q4_0"})
  void writtenModelReadsBackWithItsSpecShape(GgmlType quant) throws IOException {
    SyntheticModel.Spec spec = SMALL.withQuant(quant);
    GgufFile file = SyntheticModel.write(spec, dir.resolve("m.gguf"));
    ModelShape shape = file.shape();

    assertThat(shape).isEqualTo(new ModelShape("llama", spec.name(), 2, 64, 96, 4, 2, 16, 512,
        SyntheticModel.VOCAB_SIZE, quant.name(), file.parameterCount(), file.weightsBytes(),
        1, 2, 3 + 9 * 2, file.dataOffset(), true));
    assertThat(file.tensors()).filteredOn(t -> t.dims().size() == 2).allSatisfy(t -> assertThat(t.type()).isEqualTo(quant));
    assertThat(file.tensors()).filteredOn(t -> t.dims().size() == 1).allSatisfy(t -> assertThat(t.type()).isEqualTo(GgmlType.F32));
    assertThat(file.parameterCount()).isEqualTo(2L * 64 * 259 + 64 + 2 * (2 * 64 + 2L * 64 * 64 + 2L * 64 * 32 + 3L * 64 * 96));
    assertContiguousAndAligned(file);
  }

  @Test
  void tensorShapesAreWhatLlamaCppExpects() throws IOException {
    GgufFile file = SyntheticModel.write(SMALL, dir.resolve("m.gguf"));
    assertThat(dims(file, "token_embd.weight")).containsExactly(64L, 259L);
    assertThat(dims(file, "output.weight")).containsExactly(64L, 259L);
    assertThat(dims(file, "output_norm.weight")).containsExactly(64L);
    assertThat(dims(file, "blk.1.attn_q.weight")).containsExactly(64L, 64L);
    assertThat(dims(file, "blk.1.attn_k.weight")).containsExactly(64L, 32L);
    assertThat(dims(file, "blk.1.attn_v.weight")).containsExactly(64L, 32L);
    assertThat(dims(file, "blk.1.attn_output.weight")).containsExactly(64L, 64L);
    assertThat(dims(file, "blk.1.ffn_gate.weight")).containsExactly(64L, 96L);
    assertThat(dims(file, "blk.1.ffn_up.weight")).containsExactly(64L, 96L);
    assertThat(dims(file, "blk.1.ffn_down.weight")).containsExactly(96L, 64L);
    assertThat(dims(file, "blk.1.ffn_norm.weight")).containsExactly(64L);
    assertThat(dims(file, "blk.0.attn_norm.weight")).containsExactly(64L);
  }

  @Test
  void metadataCarriesWhatLlamaCppReads() throws IOException {
    GgufFile file = SyntheticModel.write(SMALL, dir.resolve("m.gguf"));
    assertThat(file.requireInteger("general.alignment")).isEqualTo(32);
    assertThat(file.requireInteger("general.file_type")).isZero();
    assertThat(file.requireInteger("llama.rope.dimension_count")).isEqualTo(16);
    assertThat(file.requireInteger("llama.vocab_size")).isEqualTo(259);
    assertThat(file.number("llama.rope.freq_base")).contains(10000.0);
    assertThat(file.number("llama.attention.layer_norm_rms_epsilon").orElseThrow()).isCloseTo(1e-5, Offset.offset(1e-9));
    assertThat(file.bool(SyntheticModel.SYNTHETIC_KEY)).contains(true);
    assertThat(file.requireString("tokenizer.ggml.model")).isEqualTo("llama");
    assertThat(file.requireInteger("tokenizer.ggml.unknown_token_id")).isZero();
    GgufArray tokens = file.array("tokenizer.ggml.tokens").orElseThrow();
    assertThat(tokens.values()).hasSize(259).startsWith("<unk>", "<s>", "</s>", "<0x00>").endsWith("<0xFE>", "<0xFF>");
    assertThat(tokens.values().get(3 + '\n')).isEqualTo("<0x0A>");
    assertThat(file.array("tokenizer.ggml.token_type").orElseThrow().values()).startsWith(2L, 3L, 3L, 6L)
        .hasSize(259).containsOnly(2L, 3L, 6L);
    assertThat(file.array("tokenizer.ggml.scores").orElseThrow().length()).isEqualTo(259);
  }

  @Test
  void weightsAreSmallGaussiansAndNormsAreOne() throws IOException {
    Path p = dir.resolve("m.gguf");
    GgufFile file = SyntheticModel.write(SMALL, p);
    float[] norm = tensorValues(p, file, "output_norm.weight");
    assertThat(norm).containsOnly(1f);
    float[] q = tensorValues(p, file, "blk.0.attn_q.weight");
    double mean = 0;
    double sq = 0;
    for (float v : q) {
      mean += v / q.length;
      sq += (double) v * v / q.length;
    }
    assertThat(mean).isCloseTo(0, Offset.offset(0.002));
    assertThat(Math.sqrt(sq)).isCloseTo(SyntheticModel.WEIGHT_STD, Offset.offset(0.002));
  }

  @Test
  void channelZeroMarksPrintableBytesInTheOutputLayer() throws IOException {
    Path p = dir.resolve("m.gguf");
    GgufFile file = SyntheticModel.write(SMALL, p);
    float[] embd = tensorValues(p, file, "token_embd.weight");
    float[] out = tensorValues(p, file, "output.weight");
    assertThat(embd[64 * 5]).isEqualTo(1f);
    assertThat(out[64 * (3 + 'a')]).isEqualTo(SyntheticModel.PRINTABLE_BIAS);
    assertThat(out[64 * (3 + 0x80)]).isEqualTo(-SyntheticModel.PRINTABLE_BIAS);
    assertThat(out[64 * SyntheticModel.EOS_ID]).isEqualTo(-SyntheticModel.PRINTABLE_BIAS);
  }

  @Test
  void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
    SyntheticModel.write(SMALL.withQuant(GgmlType.Q4_0), dir.resolve("a.gguf"));
    SyntheticModel.write(SMALL.withQuant(GgmlType.Q4_0), dir.resolve("b.gguf"));
    SyntheticModel.write(SMALL.withQuant(GgmlType.Q4_0).withSeed(8), dir.resolve("c.gguf"));
    byte[] a = Files.readAllBytes(dir.resolve("a.gguf"));
    assertThat(Files.readAllBytes(dir.resolve("b.gguf"))).isEqualTo(a);
    assertThat(Arrays.equals(Files.readAllBytes(dir.resolve("c.gguf")), a)).isFalse();
  }

  @Test
  void specPreconditionsNameTheField() {
    assertThatThrownBy(() -> new SyntheticModel.Spec(0, 128, 352, 4, 4, 2048, GgmlType.F32, 1))
        .hasMessage("layers must be in [1, 1024] but was 0");
    assertThatThrownBy(() -> SMALL.withQuant(GgmlType.Q4_K))
        .hasMessage("quant must be one of F32, F16, Q8_0, Q4_0 but was Q4_K");
    assertThatThrownBy(() -> new SyntheticModel.Spec(1, 100, 64, 3, 3, 64, GgmlType.F32, 1))
        .hasMessage("dim must be a multiple of 2 * heads (even head size) but was dim 100, heads 3");
    assertThatThrownBy(() -> new SyntheticModel.Spec(1, 64, 64, 4, 3, 64, GgmlType.F32, 1))
        .hasMessage("heads must be a multiple of kvHeads but was heads 4, kvHeads 3");
    assertThatThrownBy(() -> new SyntheticModel.Spec(1, 64, 100, 4, 4, 64, GgmlType.Q8_0, 1))
        .hasMessage("dim and ffDim must be multiples of 32 for Q8_0 but were 64 and 100");
  }

  private static void assertContiguousAndAligned(GgufFile file) {
    long expected = 0;
    for (GgufTensor t : file.tensors()) {
      assertThat(t.offset()).as(t.name()).isEqualTo(expected);
      expected = GgufReader.align(t.offset() + t.byteSize(), 32);
    }
    assertThat(file.dataOffset() % 32).isZero();
    assertThat(file.fileSize()).isEqualTo(file.dataOffset() + expected);
  }

  private static java.util.List<Long> dims(GgufFile file, String name) {
    return file.tensor(name).orElseThrow().dims();
  }

  private static float[] tensorValues(Path p, GgufFile file, String name) throws IOException {
    GgufTensor t = file.tensor(name).orElseThrow();
    byte[] bytes = new byte[(int) t.byteSize()];
    try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
      raf.seek(file.dataOffset() + t.offset());
      raf.readFully(bytes);
    }
    return Quant.decodeRow(t.type(), bytes, (int) t.elementCount());
  }
}
