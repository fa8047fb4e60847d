package dev.mesh.protocol.gguf;

import java.util.List;
import java.util.Objects;

/**
 * One tensor's header entry. {@code dims} are in ggml order (ne0, the contiguous dimension, first);
 * {@code offset} is relative to the start of the file's data section.
 */
public record GgufTensor(String name, List<Long> dims, GgmlType type, long offset) {

  public static final int MAX_DIMS = 4;

  public GgufTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    dims = List.copyOf(dims);
    if (dims.isEmpty() || dims.size() > MAX_DIMS) {
      throw new IllegalArgumentException("tensor " + name + " must have 1 to " + MAX_DIMS + " dims but had " + dims.size());
    }
    if (offset < 0) {
      throw new IllegalArgumentException("tensor " + name + " offset must be >= 0 but was " + offset);
    }
    long elements = 1;
    for (long d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor " + name + " dims must be > 0 but were " + dims);
      }
      elements = Math.multiplyExact(elements, d);
    }
    if (dims.get(0) % type.blockSize() != 0) {
      throw new IllegalArgumentException("tensor " + name + " ne0 " + dims.get(0)
          + " must be a multiple of " + type + "'s block size " + type.blockSize());
    }
    type.bytesFor(elements);
  }

  /** Number of values (product of dims). */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Bytes of this tensor's data in the file. */
  public long byteSize() {
    return type.bytesFor(elementCount());
  }
}
