package dev.mesh.protocol.gguf;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A GGUF file's header: metadata in file order and tensor infos, no tensor data. Metadata
 * values are Long (every integer type; a UINT64 above 2^63-1 reads as negative), Double (FLOAT32
 * and FLOAT64), Boolean, String or {@link GgufArray}.
 *
 * @param dataOffset absolute byte offset of the data section (tensor offsets are relative to it)
 */
public record GgufFile(Path path, int version, long fileSize, Map<String, Object> metadata,
            List<GgufTensor> tensors, long alignment, long dataOffset) {

  public GgufFile {
    Objects.requireNonNull(path, "path");
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    tensors = List.copyOf(tensors);
  }

  public Optional<Object> value(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  /** The string at {@code key}; empty if absent, a GgufException if it holds another type. */
  public Optional<String> string(String key) {
    return typed(key, String.class, "a string");
  }

  public String requireString(String key) {
    return string(key).orElseThrow(() -> missing(key));
  }

  /** The integer at {@code key}; empty if absent, a GgufException if it holds another type. */
  public OptionalLong integer(String key) {
    Optional<Long> v = typed(key, Long.class, "an integer");
    return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
  }

  public long requireInteger(String key) {
    return integer(key).orElseThrow(() -> missing(key));
  }

  public Optional<Double> number(String key) {
    return typed(key, Double.class, "a float");
  }

  public Optional<Boolean> bool(String key) {
    return typed(key, Boolean.class, "a bool");
  }

  public Optional<GgufArray> array(String key) {
    return typed(key, GgufArray.class, "an array");
  }

  public Optional<GgufTensor> tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Sum of every tensor's element count. */
  public long parameterCount() {
    return tensors.stream().mapToLong(GgufTensor::elementCount).sum();
  }

  /** Sum of every tensor's data bytes (without alignment padding). */
  public long weightsBytes() {
    return tensors.stream().mapToLong(GgufTensor::byteSize).sum();
  }

  /** The model shape llama.cpp would read from this header. */
  public ModelShape shape() {
    return ModelShape.of(this);
  }

  GgufException missing(String key) {
    return new GgufException(path, "missing required metadata key '" + key + "'");
  }

  private <T> Optional<T> typed(String key, Class<T> type, String expected) {
    Object v = metadata.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!type.isInstance(v)) {
      throw new GgufException(path, "metadata key '" + key + "' holds " + describe(v) + ", expected " + expected);
    }
    return Optional.of(type.cast(v));
  }

  private static String describe(Object v) {
    return v instanceof GgufArray a ? "an array of " + a.length() + " " + a.elementType() : v.getClass().getSimpleName() + " " + v;
  }
}
