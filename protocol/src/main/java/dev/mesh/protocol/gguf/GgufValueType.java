package dev.mesh.protocol.gguf;

import java.util.Optional;

/** Metadata value types of the GGUF spec (ids as in {@code enum gguf_type}); size 0 means variable. */
public enum GgufValueType {
  UINT8(0, 1),
  INT8(1, 1),
  UINT16(2, 2),
  INT16(3, 2),
  UINT32(4, 4),
  INT32(5, 4),
  FLOAT32(6, 4),
  BOOL(7, 1),
  STRING(8, 0),
  ARRAY(9, 0),
  UINT64(10, 8),
  INT64(11, 8),
  FLOAT64(12, 8);

  private final int id;
  private final int size;

  GgufValueType(int id, int size) {
    this.id = id;
    this.size = size;
  }

  public static Optional<GgufValueType> byId(long id) {
    return id >= 0 && id < values().length ? Optional.of(values()[(int) id]) : Optional.empty();
  }

  public int id() {
    return id;
  }

  /** Encoded bytes of one value, or 0 for STRING and ARRAY whose length is prefixed. */
  public int size() {
    return size;
  }

  /** The fewest bytes one value can take, used to refuse counts the rest of the file can't hold. */
  int minimumSize() {
    return switch (this) {
      case STRING -> 8;
      case ARRAY -> 12;
      default -> size;
    };
  }
}
