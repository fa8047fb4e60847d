package dev.mesh.protocol.gguf;

/**
 * Row encoders for the types the synthetic model writes, bit for bit as ggml's reference
 * quantizers ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}) lay them out, plus the
 * matching decoders used to check them. Java 17 has no float16, hence the conversions here.
 */
final class Quant {

  static final int BLOCK = 32;

  private Quant() {
  }

  /** ggml bytes of one row of {@code type}; row length must be a multiple of the type's block size. */
  static byte[] encodeRow(GgmlType type, float[] row) {
    byte[] out = new byte[(int) type.bytesFor(row.length)];
    switch (type) {
      case F32 -> {
        for (int i = 0; i < row.length; i++) {
          putInt(out, 4 * i, Float.floatToRawIntBits(row[i]));
        }
      }
      case F16 -> {
        for (int i = 0; i < row.length; i++) {
          putShort(out, 2 * i, toHalf(row[i]));
        }
      }
      case Q8_0 -> {
        for (int b = 0; b < row.length / BLOCK; b++) {
          q8Block(row, b * BLOCK, out, b * 34);
        }
      }
      case Q4_0 -> {
        for (int b = 0; b < row.length / BLOCK; b++) {
          q4Block(row, b * BLOCK, out, b * 18);
        }
      }
      default -> throw new IllegalArgumentException("cannot encode " + type);
    }
    return out;
  }

  /** Q8_0: fp16 scale d = max|x|/127, then 32 int8 round(x/d). */
  private static void q8Block(float[] x, int from, byte[] out, int at) {
    float amax = 0;
    for (int j = 0; j < BLOCK; j++) {
      amax = Math.max(amax, Math.abs(x[from + j]));
    }
    float d = amax / 127f;
    float id = d != 0 ? 1f / d : 0f;
    putShort(out, at, toHalf(d));
    for (int j = 0; j < BLOCK; j++) {
      out[at + 2 + j] = (byte) roundf(x[from + j] * id);
    }
  }

  /** Q4_0: fp16 scale d = (signed value of max magnitude)/-8; nibble j holds x[j], high nibble x[j+16]. */
  private static void q4Block(float[] x, int from, byte[] out, int at) {
    float amax = 0;
    float max = 0;
    for (int j = 0; j < BLOCK; j++) {
      float v = x[from + j];
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    float d = max / -8f;
    float id = d != 0 ? 1f / d : 0f;
    putShort(out, at, toHalf(d));
    for (int j = 0; j < BLOCK / 2; j++) {
      int lo = Math.min(15, (int) (x[from + j] * id + 8.5f));
      int hi = Math.min(15, (int) (x[from + j + BLOCK / 2] * id + 8.5f));
      out[at + 2 + j] = (byte) (lo | (hi << 4));
    }
  }

  /** Values of one encoded row, for checking the encoders. */
  static float[] decodeRow(GgmlType type, byte[] in, int n) {
    float[] row = new float[n];
    for (int i = 0; i < n; i++) {
      int b = i / BLOCK;
      int j = i % BLOCK;
      row[i] = switch (type) {
        case F32 -> Float.intBitsToFloat(getShort(in, 4 * i) & 0xFFFF | getShort(in, 4 * i + 2) << 16);
        case F16 -> fromHalf(getShort(in, 2 * i));
        case Q8_0 -> fromHalf(getShort(in, b * 34)) * in[b * 34 + 2 + j];
        case Q4_0 -> fromHalf(getShort(in, b * 18)) * (nibble(in[b * 18 + 2 + j % 16], j >= 16) - 8);
        default -> throw new IllegalArgumentException("cannot decode " + type);
      };
    }
    return row;
  }

  /** IEEE binary16 nearest to {@code f}, ties to even (what F16C's conversion does). */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      return (short) (sign | (e < -10 ? 0 : roundShift(mant | 0x800000, 14 - e)));
    }
    return (short) (sign | roundShift((e << 23) | mant, 13)); // a carry rolls into the exponent, as it should
  }

  static float fromHalf(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  private static int roundShift(int v, int shift) {
    int q = v >>> shift;
    int rem = v & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    return rem > half || (rem == half && (q & 1) != 0) ? q + 1 : q;
  }

  /** C's roundf: halves away from zero (Math.round rounds them up). */
  private static int roundf(float v) {
    return v >= 0 ? (int) Math.floor(v + 0.5f) : -(int) Math.floor(-v + 0.5f);
  }

  private static int nibble(byte b, boolean high) {
    return high ? (b >> 4) & 0xF : b & 0xF;
  }

  private static void putShort(byte[] out, int at, short v) {
    out[at] = (byte) v;
    out[at + 1] = (byte) (v >> 8);
  }

  private static void putInt(byte[] out, int at, int v) {
    for (int i = 0; i < 4; i++) {
      out[at + i] = (byte) (v >> (8 * i));
    }
  }

  private static short getShort(byte[] in, int at) {
    return (short) ((in[at] & 0xFF) | (in[at + 1] << 8));
  }
}
