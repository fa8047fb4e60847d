package dev.mesh.protocol.gguf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the metadata key-value section. Arrays are kept while they fit a heap budget; beyond it
 * (or beyond {@link GgufReader#MAX_KEPT_ARRAY_LENGTH}) they are skipped, keeping only their length.
 */
final class GgufMetadataReader {

  private static final int KEPT_ELEMENT_BYTES = 16; // rough heap cost of one boxed element

  private final GgufInput in;
  private long budget = GgufReader.KEPT_VALUES_BUDGET_BYTES;

  GgufMetadataReader(GgufInput in) {
    this.in = in;
  }

  Map<String, Object> read(long kvCount) throws IOException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (long i = 0; i < kvCount; i++) {
      in.context("metadata entry #" + i);
      long at = in.position();
      String key = in.string("metadata key", GgufReader.MAX_KEY_BYTES);
      in.context("metadata key '" + key + "'");
      if (metadata.containsKey(key)) {
        throw in.fail("duplicate metadata key '" + key + "'", at);
      }
      metadata.put(key, readValue(valueType("value type"), 0));
    }
    return metadata;
  }

  private GgufValueType valueType(String what) throws IOException {
    long at = in.position();
    long id = in.u32();
    return GgufValueType.byId(id).orElseThrow(() -> in.fail("unknown metadata " + what + " " + id, at));
  }

  private Object readValue(GgufValueType type, int depth) throws IOException {
    return switch (type) {
      case UINT8 -> (long) in.u8();
      case INT8 -> (long) (byte) in.u8();
      case UINT16 -> (long) (in.i16() & 0xFFFF);
      case INT16 -> (long) in.i16();
      case UINT32 -> in.u32();
      case INT32 -> (long) in.i32();
      case UINT64, INT64 -> in.i64();
      case FLOAT32 -> (double) in.f32();
      case FLOAT64 -> in.f64();
      case BOOL -> in.u8() != 0;
      case STRING -> keptString();
      case ARRAY -> readArray(depth);
    };
  }

  private String keptString() throws IOException {
    long at = in.position();
    String s = in.string("string value", GgufReader.MAX_STRING_BYTES);
    charge(KEPT_ELEMENT_BYTES + 2L * s.length(), at);
    return s;
  }

  private void charge(long bytes, long at) {
    budget -= bytes;
    if (budget < 0) {
      throw in.fail("metadata strings exceed the " + (GgufReader.KEPT_VALUES_BUDGET_BYTES >> 20) + " MiB limit", at);
    }
  }

  private GgufArray readArray(int depth) throws IOException {
    if (depth >= GgufReader.MAX_ARRAY_DEPTH) {
      throw in.fail("arrays nested deeper than " + GgufReader.MAX_ARRAY_DEPTH + " levels");
    }
    GgufValueType type = valueType("array element type");
    long at = in.position();
    long length = in.u64("array length");
    if (length > in.remaining() / type.minimumSize()) {
      throw in.fail("array of " + length + " " + type + " elements cannot fit in the "
          + in.remaining() + " bytes left in the file", at);
    }
    boolean keep = length <= GgufReader.MAX_KEPT_ARRAY_LENGTH && length * KEPT_ELEMENT_BYTES <= budget;
    return keep ? keptArray(type, length, depth) : skippedArray(type, length, depth);
  }

  private GgufArray keptArray(GgufValueType type, long length, int depth) throws IOException {
    List<Object> values = new ArrayList<>((int) length);
    budget -= length * KEPT_ELEMENT_BYTES;
    for (long i = 0; i < length; i++) {
      values.add(readValue(type, depth + 1));
    }
    return new GgufArray(type, length, values);
  }

  private GgufArray skippedArray(GgufValueType type, long length, int depth) throws IOException {
    if (type.size() > 0) {
      in.skip(length * type.size());
    } else {
      for (long i = 0; i < length; i++) {
        skipValue(type, depth + 1);
      }
    }
    return new GgufArray(type, length, List.of());
  }

  private void skipValue(GgufValueType type, int depth) throws IOException {
    if (type == GgufValueType.STRING) {
      in.skipString("array string");
    } else if (type == GgufValueType.ARRAY) {
      if (depth >= GgufReader.MAX_ARRAY_DEPTH) {
        throw in.fail("arrays nested deeper than " + GgufReader.MAX_ARRAY_DEPTH + " levels");
      }
      GgufValueType inner = valueType("array element type");
      long at = in.position();
      long length = in.u64("array length");
      if (length > in.remaining() / inner.minimumSize()) {
        throw in.fail("array of " + length + " " + inner + " elements cannot fit in the file", at);
      }
      skippedArray(inner, length, depth);
    } else {
      in.skip(type.size());
    }
  }
}
