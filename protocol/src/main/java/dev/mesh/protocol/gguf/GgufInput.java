package dev.mesh.protocol.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Little-endian reads through a fixed 64 KiB window over a file channel. Every read first checks
 * the bytes exist, so a lying length becomes a {@link GgufException} naming the offset, never an
 * EOF, an underflow or a huge allocation.
 */
final class GgufInput {

  private static final int WINDOW_BYTES = 64 * 1024;

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private long windowStart;
  private String context = "the header";

  GgufInput(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = channel.size();
    window.limit(0);
  }

  /** Names what is being read, so errors say e.g. "in metadata key 'general.name'". */
  void context(String what) {
    this.context = what;
  }

  long position() {
    return windowStart + window.position();
  }

  long size() {
    return size;
  }

  long remaining() {
    return size - position();
  }

  GgufException fail(String problem) {
    return fail(problem, position());
  }

  GgufException fail(String problem, long offset) {
    return new GgufException(path, problem + " at byte offset " + offset + " (in " + context + ")");
  }

  int u8() throws IOException {
    return need(1).get() & 0xFF;
  }

  short i16() throws IOException {
    return need(2).getShort();
  }

  int i32() throws IOException {
    return need(4).getInt();
  }

  long u32() throws IOException {
    return Integer.toUnsignedLong(i32());
  }

  long i64() throws IOException {
    return need(8).getLong();
  }

  /** A u64 that must also fit a Java long, as every count and size in a real file does. */
  long u64(String what) throws IOException {
    long at = position();
    long v = i64();
    if (v < 0) {
      throw fail(what + " " + Long.toUnsignedString(v) + " is absurd", at);
    }
    return v;
  }

  float f32() throws IOException {
    return need(4).getFloat();
  }

  double f64() throws IOException {
    return need(8).getDouble();
  }

  /** A length-prefixed UTF-8 string of at most {@code maxBytes}. */
  String string(String what, int maxBytes) throws IOException {
    long at = position();
    long len = u64(what + " length");
    if (len > maxBytes) {
      throw fail(what + " length " + len + " exceeds the limit of " + maxBytes + " bytes", at);
    }
    checkAvailable(len, what, at);
    byte[] bytes = new byte[(int) len];
    read(bytes);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw fail(what + " is not valid UTF-8", at + 8);
    }
  }

  /** Skips a length-prefixed string without keeping it. */
  void skipString(String what) throws IOException {
    long at = position();
    long len = u64(what + " length");
    checkAvailable(len, what, at);
    skip(len);
  }

  void skip(long n) throws IOException {
    checkAvailable(n, "skipped bytes", position());
    long target = position() + n;
    if (target <= windowStart + window.limit()) {
      window.position((int) (target - windowStart));
    } else {
      windowStart = target;
      window.clear().limit(0);
    }
  }

  /** Fails unless {@code n} more bytes exist after the current position. */
  void checkAvailable(long n, String what, long at) {
    if (n > remaining()) {
      throw fail("truncated: " + what + " needs " + n + " bytes but the file ends " + remaining()
          + " bytes later (file is " + size + " bytes)", at);
    }
  }

  private void read(byte[] into) throws IOException {
    int done = 0;
    while (done < into.length) {
      int n = Math.min(into.length - done, WINDOW_BYTES);
      need(n).get(into, done, n);
      done += n;
    }
  }

  /** Makes {@code n} (at most the window size) bytes readable from the window. */
  private ByteBuffer need(int n) throws IOException {
    if (window.remaining() >= n) {
      return window;
    }
    checkAvailable(n, "a " + n + "-byte value", position());
    refill();
    return window;
  }

  private void refill() throws IOException {
    long start = position();
    window.clear();
    long want = Math.min(WINDOW_BYTES, size - start);
    window.limit((int) want);
    while (window.hasRemaining()) {
      if (channel.read(window, start + window.position()) < 0) {
        throw fail("file shrank while being read", start + window.position());
      }
    }
    window.flip();
    windowStart = start;
  }
}
