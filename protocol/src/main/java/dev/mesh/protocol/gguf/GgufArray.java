package dev.mesh.protocol.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A metadata array. {@code values} holds the elements (Long, Double, Boolean, String or nested
 * GgufArray) unless the array is too large to keep in memory: then only its length is known and
 * {@code values} is empty — {@link #complete()} says which.
 */
public record GgufArray(GgufValueType elementType, long length, List<Object> values) {

  public GgufArray {
    Objects.requireNonNull(elementType, "elementType");
    values = List.copyOf(values);
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0 but was " + length);
    }
    if (!values.isEmpty() && values.size() != length) {
      throw new IllegalArgumentException("values must be empty or hold all " + length + " elements but held " + values.size());
    }
  }

  /** True when every element was kept. */
  public boolean complete() {
    return values.size() == length;
  }
}
