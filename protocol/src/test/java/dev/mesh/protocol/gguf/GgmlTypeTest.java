package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GgmlTypeTest {

  @Test
  void idsAndBlockGeometryMatchGgml() {
    assertThat(GgmlType.byId(0)).contains(GgmlType.F32);
    assertThat(GgmlType.byId(1)).contains(GgmlType.F16);
    assertThat(GgmlType.byId(2)).contains(GgmlType.Q4_0);
    assertThat(GgmlType.byId(8)).contains(GgmlType.Q8_0);
    assertThat(GgmlType.byId(12)).contains(GgmlType.Q4_K);
    assertThat(GgmlType.byId(14)).contains(GgmlType.Q6_K);
    assertThat(GgmlType.byId(30)).contains(GgmlType.BF16);
    assertThat(GgmlType.Q4_0.bytesPerBlock()).isEqualTo(18);
    assertThat(GgmlType.Q8_0.bytesPerBlock()).isEqualTo(34);
    assertThat(GgmlType.Q4_K.blockSize()).isEqualTo(256);
    assertThat(GgmlType.Q4_K.bytesPerBlock()).isEqualTo(144);
    assertThat(GgmlType.Q6_K.bytesPerBlock()).isEqualTo(210);
    assertThat(GgmlType.I64.bytesPerBlock()).isEqualTo(8);
  }

  @Test
  void removedAndOutOfRangeIdsAreUnknown() {
    assertThat(GgmlType.byId(4)).isEmpty();
    assertThat(GgmlType.byId(5)).isEmpty();
    assertThat(GgmlType.byId(31)).isEmpty();
    assertThat(GgmlType.byId(-1)).isEmpty();
    assertThat(GgmlType.byId(40)).isEmpty();
  }

  @Test
  void idsAreUnique() {
    assertThat(java.util.Arrays.stream(GgmlType.values()).map(GgmlType::id)).doesNotHaveDuplicates();
  }

  @Test
  void bytesForCountsWholeBlocks() {
    assertThat(GgmlType.F16.bytesFor(3)).isEqualTo(6);
    assertThat(GgmlType.Q4_0.bytesFor(64)).isEqualTo(36);
    assertThat(GgmlType.Q4_K.bytesFor(512)).isEqualTo(288);
    assertThatThrownBy(() -> GgmlType.Q8_0.bytesFor(33))
        .hasMessage("elements must be a non-negative multiple of 32 for Q8_0 but was 33");
  }
}
