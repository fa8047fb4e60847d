package dev.mesh.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;

/**
 * UTF-8 as the standard has it, checked before any JSON is read: Jackson takes overlong forms ({@code C0 AF} for
 * {@code /}) and code points past U+10FFFF as text, which would let bytes a filter never saw as a slash, a quote or
 * a tag become a prompt. The JDK's decoder refuses them, surrogates and stray bytes; the error names the byte and,
 * when the bytes are JSON, the field whose value holds it.
 */
public final class StrictUtf8 {
  private static final JsonFactory JSON = new JsonFactory();

  private StrictUtf8() {}

  /** Refuses {@code bytes} unless they are well-formed UTF-8; {@code what} names them in the message ("body"). */
  public static void check(byte[] bytes, String what) {
    int[] bad = {-1, 0};
    if (firstMalformed(bytes, bad) >= 0) {
      String field = fieldAt(bytes, bad[0]);
      throw ValidationException.of(ErrorCodes.INVALID_JSON, (field == null ? what : field) + " is not valid UTF-8: "
          + describe(bytes, bad[0], bad[1]) + " at byte " + bad[0] + " (overlong forms, surrogates and bytes past"
          + " U+10FFFF are refused)", field);
    }
  }

  static int firstMalformed(byte[] bytes) {
    return firstMalformed(bytes, new int[2]);
  }

  /** The offset of the first byte that does not start well-formed UTF-8, or -1; {@code bad} gets it and its length. */
  private static int firstMalformed(byte[] bytes, int[] bad) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.min(Math.max(16, bytes.length), 8192));
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        bad[0] = in.position();
        bad[1] = r.length();
        return bad[0];
      }
      if (r.isUnderflow()) {
        return -1;
      }
      out.clear(); // overflow: the text itself is not kept, only checked
    }
  }

  /** The bad bytes and the continuation bytes (10xxxxxx) after them: {@code C0 AF}, the overlong form as sent. */
  private static String describe(byte[] bytes, int at, int length) {
    int end = Math.min(bytes.length, at + Math.max(1, length));
    while (end < bytes.length && end < at + 4 && (bytes[end] & 0xC0) == 0x80) {
      end++;
    }
    StringBuilder hex = new StringBuilder();
    for (int i = at; i < end; i++) {
      hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xFF));
    }
    return "bytes " + hex;
  }

  /**
   * The field whose string holds byte {@code at} ({@code prompt}, {@code messages[0].content}), or null when the bytes
   * are not JSON that far. Jackson reads the lax bytes fine: only their position matters here.
   */
  static String fieldAt(byte[] bytes, int at) {
    try (JsonParser p = JSON.createParser(bytes)) {
      String last = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (p.currentTokenLocation().getByteOffset() > at) {
          break;
        }
        if (t == JsonToken.VALUE_STRING) {
          last = JsonFailures.contextPath(p);
        } else if (t == JsonToken.FIELD_NAME) {
          last = null; // a name is not a field to point at: the message says "body" then
        }
      }
      return last == null || last.isEmpty() ? null : last;
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
  }
}
