package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

  @TempDir
  Path dir;

  @Test
  void everyValueTypeRoundTrips() throws IOException {
    GgufArray nested = new GgufArray(GgufValueType.ARRAY, 2, List.of(
        new GgufArray(GgufValueType.INT16, 2, List.of(-3L, 4L)),
        new GgufArray(GgufValueType.STRING, 1, List.of("x"))));
    GgufWriter w = GgufWriter.create()
        .put("u8", GgufValueType.UINT8, 255)
        .put("i8", GgufValueType.INT8, -128)
        .put("u16", GgufValueType.UINT16, 65535)
        .put("i16", GgufValueType.INT16, -32768)
        .put("u32", GgufValueType.UINT32, 4_294_967_295L)
        .put("i32", GgufValueType.INT32, Integer.MIN_VALUE)
        .put("u64", GgufValueType.UINT64, Long.MAX_VALUE)
        .put("i64", GgufValueType.INT64, Long.MIN_VALUE)
        .put("f32", GgufValueType.FLOAT32, 0.5f)
        .put("f64", GgufValueType.FLOAT64, Math.PI)
        .put("bool", GgufValueType.BOOL, true)
        .put("str", GgufValueType.STRING, "héllo ▁ 日本")
        .put("nested", GgufValueType.ARRAY, nested)
        .putArray("empty", GgufValueType.FLOAT32, List.of());
    GgufFile file = GgufReader.read(write(w, "types.gguf"));

    assertThat(file.metadata()).containsExactly(
        java.util.Map.entry("u8", 255L), java.util.Map.entry("i8", -128L),
        java.util.Map.entry("u16", 65535L), java.util.Map.entry("i16", -32768L),
        java.util.Map.entry("u32", 4_294_967_295L), java.util.Map.entry("i32", (long) Integer.MIN_VALUE),
        java.util.Map.entry("u64", Long.MAX_VALUE), java.util.Map.entry("i64", Long.MIN_VALUE),
        java.util.Map.entry("f32", 0.5), java.util.Map.entry("f64", Math.PI),
        java.util.Map.entry("bool", true), java.util.Map.entry("str", "héllo ▁ 日本"),
        java.util.Map.entry("nested", nested),
        java.util.Map.entry("empty", new GgufArray(GgufValueType.FLOAT32, 0, List.of())));
  }

  @Test
  void tensorsAreLaidOutAlignedAndMatchTheFileSize() throws IOException {
    GgufWriter w = GgufWriter.create().putUInt32("general.alignment", 32);
    GgufTensor a = w.addTensor("a", GgmlType.F32, 3);
    GgufTensor b = w.addTensor("b", GgmlType.Q8_0, 64, 2);
    GgufTensor c = w.addTensor("c", GgmlType.F16, 5, 1);
    GgufFile file = GgufReader.read(write(w, "layout.gguf"));

    assertThat(List.of(a.offset(), b.offset(), c.offset())).containsExactly(0L, 32L, 32L + 160);
    assertThat(file.tensors()).containsExactly(a, b, c);
    assertThat(file.dataOffset()).isEqualTo(w.dataOffset()).isEqualTo(file.dataOffset() / 32 * 32);
    assertThat(file.fileSize()).isEqualTo(w.fileSize()).isEqualTo(Files.size(dir.resolve("layout.gguf")));
  }

  @Test
  void tensorDataLandsAtItsOffset() throws IOException {
    GgufWriter w = GgufWriter.create();
    w.addTensor("a", GgmlType.I8, 5);
    w.addTensor("b", GgmlType.I8, 3);
    Path p = dir.resolve("data.gguf");
    w.write(p, (t, out) -> out.write(t.name().equals("a") ? new byte[] {1, 2, 3, 4, 5} : new byte[] {7, 8, 9}));
    GgufFile file = GgufReader.read(p);
    byte[] bytes = Files.readAllBytes(p);
    assertThat(bytes[(int) file.dataOffset() + 4]).isEqualTo((byte) 5);
    assertThat(bytes[(int) (file.dataOffset() + file.tensor("b").orElseThrow().offset())]).isEqualTo((byte) 7);
  }

  @Test
  void wrongTensorByteCountFailsAndLeavesNoFile() throws IOException {
    GgufWriter w = GgufWriter.create();
    w.addTensor("w", GgmlType.F32, 4);
    Path target = dir.resolve("short.gguf");
    assertThatThrownBy(() -> w.write(target, (t, out) -> out.write(new byte[15])))
        .hasMessage("tensor 'w' data was 15 bytes, expected 16");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void rewriteReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("m.gguf"), "old");
    GgufWriter.create().putString("general.name", "new").write(target, (t, out) -> { });
    assertThat(GgufReader.read(target).requireString("general.name")).isEqualTo("new");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void valuesThatDoNotFitTheirTypeAreRefused() {
    assertThatThrownBy(() -> GgufWriter.create().put("k", GgufValueType.UINT8, 256))
        .hasMessage("metadata key 'k': 256 is not a UINT8");
    assertThatThrownBy(() -> GgufWriter.create().put("k", GgufValueType.UINT32, -1))
        .hasMessage("metadata key 'k': -1 is not a UINT32");
    assertThatThrownBy(() -> GgufWriter.create().put("k", GgufValueType.INT32, 1.5))
        .hasMessage("metadata key 'k': 1.5 is not a INT32");
    assertThatThrownBy(() -> GgufWriter.create().put("k", GgufValueType.STRING, 3))
        .hasMessage("metadata key 'k': 3 is not a STRING");
  }

  @Test
  void duplicatesAndForeignAlignmentAreRefused() {
    assertThatThrownBy(() -> GgufWriter.create().putString("k", "a").putString("k", "b"))
        .hasMessage("metadata key 'k' was already put");
    assertThatThrownBy(() -> GgufWriter.create().putUInt32("general.alignment", 64))
        .hasMessage("general.alignment must be 32 but was 64");
    GgufWriter w = GgufWriter.create();
    w.addTensor("t", GgmlType.F32, 1);
    assertThatThrownBy(() -> w.addTensor("t", GgmlType.F32, 1)).hasMessage("tensor 't' was already added");
    assertThatThrownBy(() -> w.addTensor("q", GgmlType.Q4_0, 31))
        .hasMessage("tensor q ne0 31 must be a multiple of Q4_0's block size 32");
  }

  private Path write(GgufWriter w, String name) throws IOException {
    Path p = dir.resolve(name);
    w.write(p, (t, out) -> out.write(new byte[(int) t.byteSize()]));
    return p;
  }
}
