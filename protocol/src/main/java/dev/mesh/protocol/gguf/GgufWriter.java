package dev.mesh.protocol.gguf;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a GGUF v3 file: metadata and tensor infos are collected first, then the tensors are
 * streamed in order through {@link TensorData} — the model never exists in memory as a whole.
 * The file appears atomically: written to a temporary name beside the target, forced to disk,
 * then renamed.
 */
public final class GgufWriter {

  /** Data alignment this writer lays out; also written as {@code general.alignment} by callers who want it explicit. */
  public static final int ALIGNMENT = 32;
  private static final int BUFFER_BYTES = 1 << 20;

  /** Produces one tensor's bytes, exactly {@code tensor.byteSize()} of them, in ggml layout. */
  @FunctionalInterface
  public interface TensorData {
    void write(GgufTensor tensor, OutputStream out) throws IOException;
  }

  private final Map<String, byte[]> metadata = new LinkedHashMap<>();
  private final List<GgufTensor> tensors = new ArrayList<>();
  private long dataBytes;

  private GgufWriter() {
  }

  public static GgufWriter create() {
    return new GgufWriter();
  }

  /**
   * Adds a metadata entry. Values: any Number for the integer and float types (range-checked),
   * Boolean for BOOL, String for STRING, {@link GgufArray} for ARRAY.
   */
  public GgufWriter put(String key, GgufValueType type, Object value) {
    if (metadata.containsKey(key)) {
      throw new IllegalArgumentException("metadata key '" + key + "' was already put");
    }
    if (key.equals("general.alignment") && !(value instanceof Number n && n.longValue() == ALIGNMENT)) {
      throw new IllegalArgumentException("general.alignment must be " + ALIGNMENT + " but was " + value);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      LittleEndianOutput out = new LittleEndianOutput(bytes);
      out.string(key);
      out.i32(type.id());
      GgufValueEncoder.encode(out, type, value, key);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    metadata.put(key, bytes.toByteArray());
    return this;
  }

  public GgufWriter putString(String key, String value) {
    return put(key, GgufValueType.STRING, value);
  }

  public GgufWriter putUInt32(String key, long value) {
    return put(key, GgufValueType.UINT32, value);
  }

  public GgufWriter putFloat32(String key, float value) {
    return put(key, GgufValueType.FLOAT32, value);
  }

  public GgufWriter putBool(String key, boolean value) {
    return put(key, GgufValueType.BOOL, value);
  }

  public GgufWriter putArray(String key, GgufValueType elementType, List<?> values) {
    return put(key, GgufValueType.ARRAY, new GgufArray(elementType, values.size(), List.copyOf(values)));
  }

  /** Declares the next tensor (dims in ggml order, ne0 first) and returns it with its data offset. */
  public GgufTensor addTensor(String name, GgmlType type, long... dims) {
    if (tensors.stream().anyMatch(t -> t.name().equals(name))) {
      throw new IllegalArgumentException("tensor '" + name + "' was already added");
    }
    List<Long> dimList = new ArrayList<>();
    for (long d : dims) {
      dimList.add(d);
    }
    GgufTensor tensor = new GgufTensor(name, dimList, type, dataBytes);
    tensors.add(tensor);
    dataBytes = GgufReader.align(dataBytes + tensor.byteSize(), ALIGNMENT);
    return tensor;
  }

  public List<GgufTensor> tensors() {
    return List.copyOf(tensors);
  }

  /** Absolute offset of the data section in the file this writer will produce. */
  public long dataOffset() {
    return GgufReader.align(header().length, ALIGNMENT);
  }

  /** Size of the file this writer will produce. */
  public long fileSize() {
    return dataOffset() + dataBytes;
  }

  /** Writes the file to {@code target} atomically, replacing any file there. */
  public void write(Path target, TensorData data) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      writeTo(temp, data);
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    forceDirectory(dir);
  }

  private void writeTo(Path temp, TensorData data) throws IOException {
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), BUFFER_BYTES);
      byte[] header = header();
      out.write(header);
      pad(out, header.length);
      for (GgufTensor t : tensors) {
        writeTensor(out, t, data);
      }
      out.flush();
      ch.force(true);
    }
  }

  private static void writeTensor(OutputStream out, GgufTensor t, TensorData data) throws IOException {
    long[] count = {0};
    data.write(t, new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count[0] += len;
      }

      @Override
      public void close() {
        // the file stays open for the next tensor
      }
    });
    if (count[0] != t.byteSize()) {
      throw new IllegalStateException("tensor '" + t.name() + "' data was " + count[0] + " bytes, expected " + t.byteSize());
    }
    pad(out, t.byteSize());
  }

  private static void pad(OutputStream out, long written) throws IOException {
    out.write(new byte[(int) (GgufReader.align(written, ALIGNMENT) - written)]);
  }

  private byte[] header() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      LittleEndianOutput out = new LittleEndianOutput(bytes);
      bytes.write(new byte[] {'G', 'G', 'U', 'F'});
      out.i32(3);
      out.i64(tensors.size());
      out.i64(metadata.size());
      for (byte[] kv : metadata.values()) {
        bytes.write(kv);
      }
      for (GgufTensor t : tensors) {
        writeTensorInfo(out, t);
      }
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
    return bytes.toByteArray();
  }

  private static void writeTensorInfo(LittleEndianOutput out, GgufTensor t) throws IOException {
    out.string(t.name());
    out.i32(t.dims().size());
    for (long d : t.dims()) {
      out.i64(d);
    }
    out.i32(t.type().id());
    out.i64(t.offset());
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the file itself is already forced
    }
  }
}
