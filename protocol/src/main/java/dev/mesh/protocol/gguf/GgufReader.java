package dev.mesh.protocol.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the header of a little-endian GGUF v2 or v3 file — metadata and tensor infos, never
 * tensor data — through a bounded window. Every count and length is checked against the bytes
 * left in the file and against fixed limits before anything is allocated, so a damaged or hostile
 * file ends in a one-line {@link GgufException}, not an OutOfMemoryError.
 */
public final class GgufReader {

  /** Longest single metadata string kept (chat templates are tens of KiB). */
  public static final int MAX_STRING_BYTES = 16 * 1024 * 1024;
  /** Most tensors a file may declare (the largest MoE models have a few thousand). */
  public static final long MAX_TENSORS = 1L << 20;
  /** Most metadata keys a file may declare. */
  public static final long MAX_METADATA_KEYS = 1L << 20;
  /** Arrays longer than this keep only their length (vocabularies are up to ~260k). */
  public static final long MAX_KEPT_ARRAY_LENGTH = 1L << 20;
  /** Approximate heap the kept metadata values may take; larger arrays keep only their length. */
  public static final long KEPT_VALUES_BUDGET_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_ALIGNMENT = 32;

  static final int MAX_KEY_BYTES = 64 * 1024;
  static final int MAX_ARRAY_DEPTH = 3;
  private static final int MAGIC = 0x46554747; // "GGUF" read little-endian

  private final Path path;
  private final GgufInput in;

  private GgufReader(Path path, GgufInput in) {
    this.path = path;
    this.in = in;
  }

  /** Reads {@code file}'s header; throws GgufException if it is unreadable or not a valid GGUF file. */
  public static GgufFile read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new GgufReader(file, new GgufInput(file, ch)).readFile();
    } catch (NoSuchFileException e) {
      throw new GgufException(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new GgufException(file, "permission denied");
    } catch (IOException e) {
      throw new GgufException(file, "cannot read: " + e, e);
    }
  }

  private GgufFile readFile() throws IOException {
    int version = readPreamble();
    long tensorCount = count("tensor count", MAX_TENSORS, 32);
    long kvCount = count("metadata key count", MAX_METADATA_KEYS, 13);
    Map<String, Object> metadata = new GgufMetadataReader(in).read(kvCount);
    List<GgufTensor> tensors = readTensorInfos(tensorCount);
    in.context("the data section");
    long alignment = alignment(metadata);
    long dataOffset = align(in.position(), alignment);
    checkTensorData(tensors, alignment, dataOffset);
    return new GgufFile(path, version, in.size(), metadata, tensors, alignment, dataOffset);
  }

  private int readPreamble() throws IOException {
    if (in.size() < 4) {
      throw new GgufException(path, "not a GGUF file: only " + in.size() + " bytes long");
    }
    int magic = in.i32();
    if (magic != MAGIC) {
      throw in.fail("not a GGUF file: magic is " + hex(magic) + ", expected 47 47 55 46 ('GGUF')", 0);
    }
    long version = in.u32();
    if (version == 2 || version == 3) {
      return (int) version;
    }
    if (Integer.reverseBytes((int) version) == 3 || Integer.reverseBytes((int) version) == 2) {
      throw in.fail("big-endian GGUF is not supported", 4);
    }
    throw in.fail("unsupported GGUF version " + version + " (only 2 and 3 are read)", 4);
  }

  /** A count the rest of the file must be able to hold, at {@code minBytes} per item. */
  private long count(String what, long max, int minBytes) throws IOException {
    long at = in.position();
    long n = in.u64(what);
    if (n > max) {
      throw in.fail(what + " " + n + " exceeds the limit of " + max, at);
    }
    if (n * minBytes > in.remaining()) {
      throw in.fail(what + " " + n + " cannot fit in the " + in.remaining() + " bytes left in the file", at);
    }
    return n;
  }

  private List<GgufTensor> readTensorInfos(long count) throws IOException {
    List<GgufTensor> tensors = new ArrayList<>((int) count);
    Set<String> names = new HashSet<>();
    for (long i = 0; i < count; i++) {
      in.context("tensor info #" + i);
      long at = in.position();
      String name = in.string("tensor name", MAX_KEY_BYTES);
      in.context("tensor info #" + i + " '" + name + "'");
      if (!names.add(name)) {
        throw in.fail("duplicate tensor name '" + name + "'", at);
      }
      tensors.add(readTensorInfo(name));
    }
    return tensors;
  }

  private GgufTensor readTensorInfo(String name) throws IOException {
    long dimsAt = in.position();
    long nDims = in.u32();
    if (nDims < 1 || nDims > GgufTensor.MAX_DIMS) {
      throw in.fail("tensor has " + nDims + " dimensions (ggml allows 1 to " + GgufTensor.MAX_DIMS + ")", dimsAt);
    }
    List<Long> dims = readDims((int) nDims);
    long typeAt = in.position();
    long typeId = in.u32();
    GgmlType type = GgmlType.byId(typeId)
        .orElseThrow(() -> in.fail("unknown ggml type " + typeId, typeAt));
    if (dims.get(0) % type.blockSize() != 0) {
      throw in.fail("ne0 " + dims.get(0) + " is not a multiple of the " + type
          + " block size " + type.blockSize(), dimsAt);
    }
    long offset = in.u64("tensor data offset");
    return new GgufTensor(name, dims, type, offset);
  }

  private List<Long> readDims(int nDims) throws IOException {
    List<Long> dims = new ArrayList<>(nDims);
    long elements = 1;
    for (int d = 0; d < nDims; d++) {
      long at = in.position();
      long ne = in.u64("dimension " + d);
      if (ne == 0) {
        throw in.fail("dimension " + d + " is 0", at);
      }
      if (elements > (Long.MAX_VALUE / 8) / ne) {
        throw in.fail("element count overflows at dimension " + d + " (" + ne + ")", at);
      }
      elements *= ne;
      dims.add(ne);
    }
    return dims;
  }

  private long alignment(Map<String, Object> metadata) {
    Object v = metadata.getOrDefault("general.alignment", DEFAULT_ALIGNMENT);
    if (!(v instanceof Long a) || a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
      throw new GgufException(path, "metadata key 'general.alignment' is " + v + ", expected a power of two");
    }
    return a;
  }

  private void checkTensorData(List<GgufTensor> tensors, long alignment, long dataOffset) {
    for (GgufTensor t : tensors) {
      if (t.offset() % alignment != 0) {
        throw new GgufException(path, "tensor '" + t.name() + "' data offset " + t.offset()
            + " is not a multiple of the alignment " + alignment);
      }
      long room = in.size() - dataOffset;
      if (t.offset() > room || t.byteSize() > room - t.offset()) {
        throw new GgufException(path, "tensor '" + t.name() + "' data (" + t.byteSize() + " bytes at data offset "
            + t.offset() + ", data section starts at byte " + dataOffset + ") extends past the end of the file ("
            + in.size() + " bytes); truncated download?");
      }
    }
  }

  static long align(long offset, long alignment) {
    return (offset + alignment - 1) / alignment * alignment;
  }

  private static String hex(int leValue) {
    return String.format("%02x %02x %02x %02x", leValue & 0xFF, (leValue >> 8) & 0xFF,
        (leValue >> 16) & 0xFF, (leValue >>> 24));
  }
}
