package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsStories260KShapeAndLayout() throws IOException {
    GgufFile file = GgufReader.read(StoriesModel.path());
    ModelShape shape = file.shape();

    assertThat(file.version()).isEqualTo(3);
    assertThat(file.fileSize()).isEqualTo(1_185_376);
    assertThat(file.alignment()).isEqualTo(32);
    assertThat(file.dataOffset()).isEqualTo(14_176);
    assertThat(file.tensors()).hasSize(48).allSatisfy(t -> assertThat(t.type()).isEqualTo(GgmlType.F32));
    assertThat(file.tensor("token_embd.weight").orElseThrow().dims()).containsExactly(64L, 512L);
    assertThat(file.tensor("blk.4.ffn_down.weight").orElseThrow().dims()).containsExactly(172L, 64L);
    assertThat(file.requireString("tokenizer.ggml.model")).isEqualTo("llama");
    assertThat(file.array("tokenizer.ggml.tokens").orElseThrow().values()).startsWith("<unk>", "<s>", "</s>", "<0x00>");
    assertThat(file.number("llama.attention.layer_norm_rms_epsilon").orElseThrow()).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-9));

    assertThat(shape.architecture()).isEqualTo("llama");
    assertThat(shape.blockCount()).isEqualTo(5);
    assertThat(shape.embeddingLength()).isEqualTo(64);
    assertThat(shape.feedForwardLength()).isEqualTo(172);
    assertThat(shape.headCount()).isEqualTo(8);
    assertThat(shape.headCountKv()).isEqualTo(4);
    assertThat(shape.headDim()).isEqualTo(8);
    assertThat(shape.contextLength()).isEqualTo(2048);
    assertThat(shape.vocabSize()).isEqualTo(512);
    assertThat(shape.bosTokenId()).isEqualTo(1);
    assertThat(shape.eosTokenId()).isEqualTo(2);
    assertThat(shape.quantization()).isEqualTo("F32");
    assertThat(shape.parameterCount()).isEqualTo(292_800);
    assertThat(shape.weightsBytes()).isEqualTo(4 * 292_800);
    assertThat(shape.synthetic()).isFalse();
  }

  @Test
  void lastStoriesTensorEndsExactlyAtEndOfFile() throws IOException {
    GgufFile file = GgufReader.read(StoriesModel.path());
    long end = file.tensors().stream().mapToLong(t -> file.dataOffset() + t.offset() + t.byteSize()).max().orElseThrow();
    assertThat(end).isEqualTo(file.fileSize());
  }

  @Test
  void missingFileIsAGgufException() {
    assertThatThrownBy(() -> GgufReader.read(dir.resolve("nope.gguf")))
        .isInstanceOf(GgufException.class).hasMessage(dir.resolve("nope.gguf") + ": no such file");
  }

  @Test
  void emptyFileIsNotGguf() throws IOException {
    assertFails(new byte[0], "not a GGUF file: only 0 bytes long");
  }

  @Test
  void wrongMagicIsNotGguf() throws IOException {
    byte[] bytes = GgufBytes.header(3, 0, 0).bytes();
    bytes[3] = 'L';
    assertFails(bytes, "not a GGUF file: magic is 47 47 55 4c", "byte offset 0");
  }

  @Test
  void versionOneAndFourAreUnsupported() throws IOException {
    assertFails(GgufBytes.header(1, 0, 0).bytes(), "unsupported GGUF version 1 (only 2 and 3 are read) at byte offset 4");
    assertFails(GgufBytes.header(4, 0, 0).bytes(), "unsupported GGUF version 4");
  }

  @Test
  void versionTwoIsRead() throws IOException {
    GgufFile file = GgufReader.read(GgufBytes.header(2, 0, 1).kvU32("a", 7).writeTo(dir, "v2.gguf"));
    assertThat(file.version()).isEqualTo(2);
    assertThat(file.requireInteger("a")).isEqualTo(7);
  }

  @Test
  void bigEndianFileIsNamedAsSuch() throws IOException {
    assertFails(GgufBytes.header(0x03000000L, 0, 0).bytes(), "big-endian GGUF is not supported");
  }

  @Test
  void headerCutAfterVersionIsTruncated() throws IOException {
    assertFails(Arrays.copyOf(GgufBytes.header(3, 0, 0).bytes(), 10), "truncated", "at byte offset 8");
  }

  @Test
  void stringLengthOfTwoToTheFortyIsRefusedWithoutAllocating() throws IOException {
    byte[] bytes = GgufBytes.header(3, 0, 1).u64(1L << 40).zeros(16).bytes();
    assertFails(bytes, "metadata key length 1099511627776 exceeds the limit", "byte offset 24", "metadata entry #0");
  }

  @Test
  void stringLongerThanTheRestOfTheFileIsTruncated() throws IOException {
    byte[] bytes = GgufBytes.header(3, 0, 1).str("general.name").u32(8).u64(1000).raw(new byte[10]).bytes();
    assertFails(bytes, "truncated: string value needs 1000 bytes", "metadata key 'general.name'");
  }

  @Test
  void billionTensorsAreRefused() throws IOException {
    assertFails(GgufBytes.header(3, 1_000_000_000L, 0).bytes(), "tensor count 1000000000 exceeds the limit of 1048576", "byte offset 8");
  }

  @Test
  void tensorCountTheFileCannotHoldIsRefused() throws IOException {
    assertFails(GgufBytes.header(3, 1000, 0).zeros(100).bytes(), "tensor count 1000 cannot fit in the", "byte offset 8");
  }

  @Test
  void countWithTopBitSetIsAbsurd() throws IOException {
    assertFails(GgufBytes.header(3, 0, -1L).bytes(), "metadata key count 18446744073709551615 is absurd", "byte offset 16");
  }

  @Test
  void arrayLongerThanTheRestOfTheFileIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 0, 1).str("tokenizer.ggml.scores")
        .u32(GgufValueType.ARRAY.id()).u32(GgufValueType.FLOAT32.id()).u64(1L << 50).zeros(64).bytes();
    assertFails(bytes, "array of 1125899906842624 FLOAT32 elements cannot fit", "metadata key 'tokenizer.ggml.scores'");
  }

  @Test
  void stringArrayLongerThanTheFileIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 0, 1).str("tokenizer.ggml.tokens")
        .u32(GgufValueType.ARRAY.id()).u32(GgufValueType.STRING.id()).u64(1_000_000).zeros(64).bytes();
    assertFails(bytes, "array of 1000000 STRING elements cannot fit");
  }

  @Test
  void unknownValueTypeNamesTheKey() throws IOException {
    assertFails(GgufBytes.header(3, 0, 1).str("x.y").u32(13).zeros(8).bytes(),
        "unknown metadata value type 13 at byte offset 35 (in metadata key 'x.y')");
  }

  @Test
  void arraysNestedTooDeepAreRefused() throws IOException {
    GgufBytes b = GgufBytes.header(3, 0, 1).str("deep").u32(GgufValueType.ARRAY.id());
    for (int i = 0; i < 5; i++) {
      b.u32(GgufValueType.ARRAY.id()).u64(1);
    }
    assertFails(b.zeros(16).bytes(), "arrays nested deeper than 3 levels");
  }

  @Test
  void invalidUtf8IsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 0, 1).str("k").u32(GgufValueType.STRING.id())
        .u64(2).raw(new byte[] {(byte) 0xC3, (byte) 0x28}).bytes();
    assertFails(bytes, "string value is not valid UTF-8", "metadata key 'k'");
  }

  @Test
  void duplicateKeyIsRefused() throws IOException {
    assertFails(GgufBytes.header(3, 0, 2).kvU32("a", 1).kvU32("a", 2).bytes(), "duplicate metadata key 'a'");
  }

  @Test
  void unknownGgmlTypeNamesTheTensor() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).str("w").u32(1).u64(32).u32(4).u64(0).zeros(64).bytes();
    assertFails(bytes, "unknown ggml type 4", "tensor info #0 'w'");
    byte[] bytes99 = GgufBytes.header(3, 1, 0).str("w").u32(1).u64(32).u32(99).u64(0).zeros(64).bytes();
    assertFails(bytes99, "unknown ggml type 99");
  }

  @Test
  void fiveDimensionsAreRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32, 0, 1, 1, 1, 1, 1).zeros(64).bytes();
    assertFails(bytes, "tensor has 5 dimensions (ggml allows 1 to 4)", "'w'");
  }

  @Test
  void zeroDimensionIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32, 0, 4, 0).zeros(64).bytes();
    assertFails(bytes, "dimension 1 is 0");
  }

  @Test
  void overflowingElementCountIsRefused() throws IOException {
    long big = 1L << 31;
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32, 0, big, big, big).zeros(64).bytes();
    assertFails(bytes, "element count overflows at dimension 1 (2147483648)");
  }

  @Test
  void rowNotAWholeNumberOfBlocksIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("q", GgmlType.Q4_0, 0, 33, 2).zeros(64).bytes();
    assertFails(bytes, "ne0 33 is not a multiple of the Q4_0 block size 32");
  }

  @Test
  void duplicateTensorNameIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 2, 0).tensorInfo("w", GgmlType.F32, 0, 8)
        .tensorInfo("w", GgmlType.F32, 32, 8).padTo(32).zeros(64).bytes();
    assertFails(bytes, "duplicate tensor name 'w'");
  }

  @Test
  void tensorDataPastTheEndOfTheFileIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32, 0, 64, 64).padTo(32).zeros(100).bytes();
    assertFails(bytes, "tensor 'w' data (16384 bytes at data offset 0", "extends past the end of the file");
  }

  @Test
  void hugeTensorOffsetIsRefusedWithoutOverflow() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32, Long.MAX_VALUE - 31, 8).padTo(32).zeros(32).bytes();
    assertFails(bytes, "tensor 'w'");
  }

  @Test
  void unalignedTensorOffsetIsRefused() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", GgmlType.F32, 4, 8).padTo(32).zeros(64).bytes();
    assertFails(bytes, "tensor 'w' data offset 4 is not a multiple of the alignment 32");
  }

  @Test
  void alignmentThatIsNotAPowerOfTwoIsRefused() throws IOException {
    assertFails(GgufBytes.header(3, 0, 1).kvU32("general.alignment", 48).bytes(),
        "metadata key 'general.alignment' is 48, expected a power of two");
  }

  @Test
  void customAlignmentMovesTheDataSection() throws IOException {
    byte[] bytes = GgufBytes.header(3, 1, 1).kvU32("general.alignment", 64)
        .tensorInfo("w", GgmlType.F32, 0, 16).padTo(64).zeros(64).bytes();
    GgufFile file = GgufReader.read(Files.write(dir.resolve("a64.gguf"), bytes));
    assertThat(file.alignment()).isEqualTo(64);
    assertThat(file.dataOffset() % 64).isZero();
    assertThat(file.dataOffset()).isEqualTo(bytes.length - 64);
  }

  @Test
  void arraysBeyondTheKeptLengthKeepOnlyTheirLengthAndReadingContinues() throws IOException {
    long n = GgufReader.MAX_KEPT_ARRAY_LENGTH + 1;
    byte[] bytes = GgufBytes.header(3, 0, 2).str("big").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.UINT8.id())
        .u64(n).zeros((int) n).kvString("after", "still read").bytes();
    GgufFile file = GgufReader.read(Files.write(dir.resolve("big.gguf"), bytes));
    assertThat(file.array("big").orElseThrow().length()).isEqualTo(n);
    assertThat(file.array("big").orElseThrow().complete()).isFalse();
    assertThat(file.requireString("after")).isEqualTo("still read");
  }

  @Test
  void everyTruncationOfARealHeaderIsAGgufException() throws IOException {
    Path model = dir.resolve("small.gguf");
    GgufFile full = SyntheticModel.write(new SyntheticModel.Spec(1, 32, 32, 2, 1, 64, GgmlType.Q8_0, 1), model);
    byte[] bytes = Files.readAllBytes(model);
    long dataEnd = full.tensors().stream().mapToLong(t -> full.dataOffset() + t.offset() + t.byteSize()).max().orElseThrow();
    Path cut = dir.resolve("cut.gguf");
    for (int len = 0; len < dataEnd; len += len < full.dataOffset() + 64 ? 1 : 997) {
      Files.write(cut, Arrays.copyOf(bytes, len));
      Throwable thrown = catchThrowable(() -> GgufReader.read(cut));
      assertThat(thrown).as("cut at %d bytes", len).isInstanceOf(GgufException.class);
      assertThat(thrown.getMessage()).as("cut at %d bytes", len).startsWith(cut.toString()).doesNotContain("\n");
    }
  }

  private void assertFails(byte[] bytes, String... fragments) throws IOException {
    Path file = Files.write(dir.resolve("bad.gguf"), bytes);
    Throwable thrown = catchThrowable(() -> GgufReader.read(file));
    assertThat(thrown).isInstanceOf(GgufException.class);
    assertThat(thrown.getMessage()).startsWith(file + ": ").doesNotContain("\n");
    for (String f : fragments) {
      assertThat(thrown.getMessage()).contains(f);
    }
    assertThat(((GgufException) thrown).file()).isEqualTo(file);
  }
}
