package dev.mesh.protocol.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Crafts GGUF bytes by hand, little-endian, for the bad-file tests. */
final class GgufBytes {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static GgufBytes header(long version, long tensorCount, long kvCount) {
    return new GgufBytes().raw("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(tensorCount).u64(kvCount);
  }

  GgufBytes raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  GgufBytes u8(int v) {
    out.write(v);
    return this;
  }

  GgufBytes u32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >> (8 * i)));
    }
    return this;
  }

  GgufBytes u64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >> (8 * i)));
    }
    return this;
  }

  GgufBytes str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return u64(b.length).raw(b);
  }

  GgufBytes kvU32(String key, long value) {
    return str(key).u32(GgufValueType.UINT32.id()).u32(value);
  }

  GgufBytes kvString(String key, String value) {
    return str(key).u32(GgufValueType.STRING.id()).str(value);
  }

  GgufBytes tensorInfo(String name, GgmlType type, long offset, long... dims) {
    str(name).u32(dims.length);
    for (long d : dims) {
      u64(d);
    }
    return u32(type.id()).u64(offset);
  }

  GgufBytes padTo(int alignment) {
    while (out.size() % alignment != 0) {
      out.write(0);
    }
    return this;
  }

  GgufBytes zeros(int n) {
    return raw(new byte[n]);
  }

  int size() {
    return out.size();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  Path writeTo(Path dir, String name) throws IOException {
    return Files.write(dir.resolve(name), bytes());
  }
}
