package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelShapeTest {

  @TempDir
  Path dir;

  @Test
  void missingArchitectureIsNamed() {
    assertThatThrownBy(() -> shapeOf(GgufWriter.create()))
        .isInstanceOf(GgufException.class).hasMessageEndingWith(": missing required metadata key 'general.architecture'");
  }

  @Test
  void missingBlockCountIsNamed() {
    assertThatThrownBy(() -> shapeOf(minimal("llama.block_count")))
        .hasMessageEndingWith("missing required metadata key 'llama.block_count'");
  }

  @Test
  void wronglyTypedKeyIsNamed() {
    GgufWriter w = minimal("llama.context_length").putString("llama.context_length", "long");
    assertThatThrownBy(() -> shapeOf(w))
        .hasMessageEndingWith("metadata key 'llama.context_length' holds String long, expected an integer");
  }

  @Test
  void missingVocabularyIsNamed() {
    assertThatThrownBy(() -> shapeOf(minimal("tokenizer.ggml.tokens")))
        .hasMessageEndingWith("missing required metadata key 'tokenizer.ggml.tokens'");
  }

  @Test
  void zeroHeadCountIsRefused() {
    GgufWriter w = minimal("llama.attention.head_count").putUInt32("llama.attention.head_count", 0);
    assertThatThrownBy(() -> shapeOf(w)).hasMessageEndingWith("metadata key 'llama.attention.head_count' is 0, expected a positive int");
  }

  @Test
  void optionalKeysTakeLlamaCppDefaults() throws IOException {
    ModelShape shape = shapeOf(minimal());
    assertThat(shape.headCountKv()).isEqualTo(shape.headCount());
    assertThat(shape.headDim()).isEqualTo(64 / 4);
    assertThat(shape.bosTokenId()).isEqualTo(-1);
    assertThat(shape.eosTokenId()).isEqualTo(-1);
    assertThat(shape.name()).isEqualTo("m");
    assertThat(shape.synthetic()).isFalse();
    assertThat(shape.vocabSize()).isEqualTo(3);
  }

  @Test
  void perLayerFeedForwardArrayUsesItsLargestEntry() throws IOException {
    GgufWriter w = minimal("llama.feed_forward_length")
        .putArray("llama.feed_forward_length", GgufValueType.UINT32, List.of(128, 512, 256));
    assertThat(shapeOf(w).feedForwardLength()).isEqualTo(512);
  }

  @Test
  void vocabSizeKeyServesWhenTokensAreAbsent() throws IOException {
    GgufWriter w = minimal("tokenizer.ggml.tokens").putUInt32("llama.vocab_size", 32000);
    assertThat(shapeOf(w).vocabSize()).isEqualTo(32000);
  }

  @Test
  void quantizationComesFromFileTypeElseTheDominantMatrixType() throws IOException {
    GgufWriter typed = minimal().putUInt32("general.file_type", 15);
    assertThat(shapeOf(typed).quantization()).isEqualTo("Q4_K_M");

    GgufWriter untyped = minimal();
    untyped.addTensor("norm", GgmlType.F32, 4096);
    untyped.addTensor("big", GgmlType.Q8_0, 64, 32);
    untyped.addTensor("small", GgmlType.F16, 64, 2);
    ModelShape shape = shapeOf(untyped);
    assertThat(shape.quantization()).isEqualTo("Q8_0");
    assertThat(shape.parameterCount()).isEqualTo(4096 + 64 * 32 + 64 * 2);
    assertThat(shape.weightsBytes()).isEqualTo(4096 * 4 + 64 * 34 + 64 * 2 * 2);
    assertThat(shape.tensorCount()).isEqualTo(3);
  }

  /** The keys ModelShape requires, for a 'llama' model with a 3-token vocabulary, less {@code omitted}. */
  private static GgufWriter minimal(String... omitted) {
    java.util.Map<String, Object> keys = new java.util.LinkedHashMap<>();
    keys.put("general.architecture", "llama");
    keys.put("llama.block_count", 2);
    keys.put("llama.embedding_length", 64);
    keys.put("llama.feed_forward_length", 128);
    keys.put("llama.attention.head_count", 4);
    keys.put("llama.context_length", 256);
    keys.put("tokenizer.ggml.tokens", new GgufArray(GgufValueType.STRING, 3, List.of("a", "b", "c")));
    keys.keySet().removeAll(List.of(omitted));
    GgufWriter w = GgufWriter.create();
    keys.forEach((k, v) -> w.put(k, v instanceof String ? GgufValueType.STRING
        : v instanceof GgufArray ? GgufValueType.ARRAY : GgufValueType.UINT32, v));
    return w;
  }

  private ModelShape shapeOf(GgufWriter w) throws IOException {
    Path p = dir.resolve("m.gguf");
    w.write(p, (t, out) -> out.write(new byte[(int) t.byteSize()]));
    return GgufReader.read(p).shape();
  }
}
