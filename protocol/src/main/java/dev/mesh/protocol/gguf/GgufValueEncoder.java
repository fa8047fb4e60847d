package dev.mesh.protocol.gguf;

import java.io.IOException;

/** Encodes one metadata value of a given type, checking the Java value fits it. */
final class GgufValueEncoder {

  private GgufValueEncoder() {
  }

  static void encode(LittleEndianOutput out, GgufValueType type, Object value, String key) throws IOException {
    switch (type) {
      case UINT8 -> out.u8((int) integer(value, 0, 0xFF, type, key));
      case INT8 -> out.u8((int) integer(value, Byte.MIN_VALUE, Byte.MAX_VALUE, type, key));
      case UINT16 -> out.i16((int) integer(value, 0, 0xFFFF, type, key));
      case INT16 -> out.i16((int) integer(value, Short.MIN_VALUE, Short.MAX_VALUE, type, key));
      case UINT32 -> out.i32((int) integer(value, 0, 0xFFFF_FFFFL, type, key));
      case INT32 -> out.i32((int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE, type, key));
      case UINT64 -> out.i64(integer(value, 0, Long.MAX_VALUE, type, key));
      case INT64 -> out.i64(integer(value, Long.MIN_VALUE, Long.MAX_VALUE, type, key));
      case FLOAT32 -> out.f32(as(value, Number.class, type, key).floatValue());
      case FLOAT64 -> out.f64(as(value, Number.class, type, key).doubleValue());
      case BOOL -> out.u8(as(value, Boolean.class, type, key) ? 1 : 0);
      case STRING -> out.string(as(value, String.class, type, key));
      case ARRAY -> array(out, as(value, GgufArray.class, type, key), key);
    }
  }

  private static void array(LittleEndianOutput out, GgufArray array, String key) throws IOException {
    if (!array.complete()) {
      throw new IllegalArgumentException("metadata key '" + key + "': cannot write an array whose values were not kept");
    }
    out.i32(array.elementType().id());
    out.i64(array.length());
    for (Object v : array.values()) {
      encode(out, array.elementType(), v, key);
    }
  }

  private static long integer(Object value, long min, long max, GgufValueType type, String key) {
    Number n = as(value, Number.class, type, key);
    if (n instanceof Double || n instanceof Float || n.longValue() < min || n.longValue() > max) {
      throw new IllegalArgumentException("metadata key '" + key + "': " + value + " is not a " + type);
    }
    return n.longValue();
  }

  private static <T> T as(Object value, Class<T> type, GgufValueType gguf, String key) {
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("metadata key '" + key + "': " + value + " is not a " + gguf);
    }
    return type.cast(value);
  }
}
