package dev.mesh.protocol.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class QuantTest {

  @Test
  void halfConversionMatchesIeeeBinary16() {
    assertThat(Quant.toHalf(1f)).isEqualTo((short) 0x3C00);
    assertThat(Quant.toHalf(-2f)).isEqualTo((short) 0xC000);
    assertThat(Quant.toHalf(0f)).isEqualTo((short) 0);
    assertThat(Quant.toHalf(65504f)).isEqualTo((short) 0x7BFF);
    assertThat(Quant.toHalf(1e6f)).isEqualTo((short) 0x7C00);
    assertThat(Quant.toHalf(0x1p-24f)).isEqualTo((short) 0x0001);
    assertThat(Quant.toHalf(0x1p-14f)).isEqualTo((short) 0x0400);
    assertThat(Quant.toHalf(0.1f)).isEqualTo((short) 0x2E66);
    // 1 + 2^-11 is halfway between two halves: ties go to the even one, 1.0
    assertThat(Quant.toHalf(1f + 0x1p-11f)).isEqualTo((short) 0x3C00);
    assertThat(Quant.toHalf(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02);
  }

  @Test
  void everyHalfSurvivesARoundTrip() {
    for (int h = 0; h < 0x10000; h++) {
      float f = Quant.fromHalf((short) h);
      if (!Float.isNaN(f)) {
        assertThat(Quant.toHalf(f) & 0xFFFF).as("half %04x", h).isEqualTo(h);
      }
    }
  }

  @Test
  void q8BlockIsScaleThenInt8s() {
    float[] row = new float[32];
    java.util.Arrays.fill(row, 1f);
    row[1] = -0.5f;
    byte[] block = Quant.encodeRow(GgmlType.Q8_0, row);
    assertThat(block).hasSize(34);
    short d = (short) ((block[0] & 0xFF) | (block[1] << 8));
    assertThat(d).isEqualTo(Quant.toHalf(1f / 127));
    assertThat(block[2]).isEqualTo((byte) 127);
    assertThat(block[3]).isEqualTo((byte) -64); // roundf(-63.5) = -64, away from zero
  }

  @Test
  void q4BlockPacksFirstHalfInLowNibbles() {
    float[] row = new float[32];
    row[0] = -8f; // the largest magnitude sets d = -8 / -8 = 1
    row[16] = 7f;
    row[1] = 3f;
    byte[] block = Quant.encodeRow(GgmlType.Q4_0, row);
    assertThat(block).hasSize(18);
    assertThat((short) ((block[0] & 0xFF) | (block[1] << 8))).isEqualTo(Quant.toHalf(1f));
    assertThat(block[2] & 0xF).isEqualTo(0); // -8 -> 0
    assertThat((block[2] >> 4) & 0xF).isEqualTo(15); // 7 -> 15
    assertThat(block[3] & 0xF).isEqualTo(11); // 3 -> 11
    assertThat(Quant.decodeRow(GgmlType.Q4_0, block, 32)).startsWith(-8f, 3f, 0f);
  }

  @Test
  void quantizedRowsDecodeCloseToTheirValues() {
    Random random = new Random(3);
    float[] row = new float[256];
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) (random.nextGaussian() * 0.02);
    }
    assertThat(Quant.decodeRow(GgmlType.F32, Quant.encodeRow(GgmlType.F32, row), 256)).containsExactly(row);
    assertClose(row, GgmlType.F16, 4e-5f); // over half an fp16 ulp below 0.125
    assertClose(row, GgmlType.Q8_0, 0.0005f);
    assertClose(row, GgmlType.Q4_0, 0.01f);
  }

  private static void assertClose(float[] row, GgmlType type, float tolerance) {
    float[] back = Quant.decodeRow(type, Quant.encodeRow(type, row), row.length);
    for (int i = 0; i < row.length; i++) {
      assertThat(back[i]).as("%s element %d", type, i).isCloseTo(row[i], Offset.offset(tolerance));
    }
  }
}
