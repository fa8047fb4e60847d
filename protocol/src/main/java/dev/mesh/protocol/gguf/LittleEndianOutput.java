package dev.mesh.protocol.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** GGUF's little-endian primitives over any stream. */
final class LittleEndianOutput {

  private final OutputStream out;
  private final byte[] scratch = new byte[8];

  LittleEndianOutput(OutputStream out) {
    this.out = out;
  }

  void u8(int v) throws IOException {
    out.write(v);
  }

  void i16(int v) throws IOException {
    scratch[0] = (byte) v;
    scratch[1] = (byte) (v >> 8);
    out.write(scratch, 0, 2);
  }

  void i32(int v) throws IOException {
    for (int i = 0; i < 4; i++) {
      scratch[i] = (byte) (v >> (8 * i));
    }
    out.write(scratch, 0, 4);
  }

  void i64(long v) throws IOException {
    for (int i = 0; i < 8; i++) {
      scratch[i] = (byte) (v >> (8 * i));
    }
    out.write(scratch, 0, 8);
  }

  void f32(float v) throws IOException {
    i32(Float.floatToRawIntBits(v));
  }

  void f64(double v) throws IOException {
    i64(Double.doubleToRawLongBits(v));
  }

  void string(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    i64(b.length);
    out.write(b);
  }
}
