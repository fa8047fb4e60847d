package dev.mesh.protocol.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC on a JSON file a node writes to the shared folder: {@code ,"mac":"<key id>:<HMAC-SHA256>"} as the object's
 * last field, over the bytes before it (closed with '}') and what the file is for ("task/ID", "result/ID",
 * "advert/NAME") — so verifying needs no canonical JSON, and a signed file moved to another role or name fails.
 * Scripts still read the files as plain JSON. Without a mesh key files carry no MAC and every file is taken as
 * unsigned.
 */
public final class FileSeal {
  private static final byte[] SUFFIX_START = ",\"mac\":\"".getBytes(StandardCharsets.US_ASCII);

  private final Optional<MeshKey> key;
  private final Optional<MeshKey> previous;

  private FileSeal(Optional<MeshKey> key, Optional<MeshKey> previous) {
    this.key = key;
    this.previous = previous;
  }

  public static FileSeal none() {
    return new FileSeal(Optional.empty(), Optional.empty());
  }

  /** @param previous a key still accepted during a rotation (never used to sign) */
  public static FileSeal with(MeshKey key, Optional<MeshKey> previous) {
    return new FileSeal(Optional.of(key), previous);
  }

  public boolean keyed() {
    return key.isPresent();
  }

  /** The file's bytes: {@code json} (one object, as Jackson writes it) with its MAC, or as it is without a key. */
  public byte[] sign(String purpose, byte[] json) {
    if (key.isEmpty()) {
      return json;
    }
    int close = lastBrace(json);
    if (close < 0) {
      throw new IllegalArgumentException("not a JSON object");
    }
    byte[] signed = Arrays.copyOf(json, close + 1);
    String mac = key.get().id() + ":" + HexFormat.of().formatHex(mac(key.get(), purpose, signed));
    byte[] tail = (",\"mac\":\"" + mac + "\"}").getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(json, close + tail.length);
    System.arraycopy(tail, 0, out, close, tail.length);
    return out;
  }

  /** What a file's bytes are: signed by a node of this mesh, unsigned, or carrying a MAC that does not hold. */
  public Verdict verify(String purpose, byte[] bytes) {
    int at = lastIndexOf(bytes, SUFFIX_START);
    int end = lastBrace(bytes);
    if (at < 0 || end < 0 || bytes[end - 1] != '"') {
      return new Verdict.Unsigned(bytes);
    }
    String mac = new String(bytes, at + SUFFIX_START.length, end - 1 - at - SUFFIX_START.length,
        StandardCharsets.US_ASCII);
    byte[] body = Arrays.copyOf(bytes, at + 1);
    body[at] = '}';
    if (key.isEmpty()) {
      return new Verdict.Unsigned(body); // no key to check it with: taken as any other file
    }
    int colon = mac.indexOf(':');
    String keyId = colon < 0 ? "" : mac.substring(0, colon);
    Optional<MeshKey> signer = key.filter(k -> k.id().equals(keyId))
        .or(() -> previous.filter(k -> k.id().equals(keyId)));
    if (signer.isEmpty()) {
      return new Verdict.Forged("signed with key '" + keyId + "', which this node does not hold");
    }
    byte[] expected = HexFormat.of().formatHex(mac(signer.get(), purpose, body)).getBytes(StandardCharsets.US_ASCII);
    byte[] given = mac.substring(colon + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? new Verdict.Signed(body)
        : new Verdict.Forged("its MAC does not match its content (changed after a node wrote it, or written for"
            + " another file)");
  }

  /**
   * The JSON of a file only nodes write (a result, an advert): its MAC must hold and, with a key, be there.
   * {@code unsigned} says what an unsigned one is refused as.
   */
  public byte[] nodeWritten(String purpose, byte[] bytes, String unsigned) throws java.io.IOException {
    Verdict verdict = verify(purpose, bytes);
    if (verdict instanceof Verdict.Forged forged) {
      throw new java.io.IOException("its MAC does not hold: " + forged.reason());
    }
    if (keyed() && !(verdict instanceof Verdict.Signed)) {
      throw new java.io.IOException(unsigned);
    }
    return verdict instanceof Verdict.Signed signed ? signed.json() : ((Verdict.Unsigned) verdict).json();
  }

  /** A file's bytes judged. */
  public sealed interface Verdict {
    /** Written by a node holding the key; {@code json} without the MAC. */
    record Signed(byte[] json) implements Verdict {}

    /** No MAC (a script's file, or any file without a key); {@code json} as found, MAC removed if there was one. */
    record Unsigned(byte[] json) implements Verdict {}

    /** A MAC that does not hold. */
    record Forged(String reason) implements Verdict {}
  }

  private static byte[] mac(MeshKey key, String purpose, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.derive("file-mac"), "HmacSHA256"));
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed: " + e.getMessage(), e);
    }
  }

  private static int lastBrace(byte[] bytes) {
    int i = bytes.length - 1;
    while (i >= 0 && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
      i--;
    }
    return i >= 0 && bytes[i] == '}' ? i : -1;
  }

  private static int lastIndexOf(byte[] bytes, byte[] part) {
    for (int i = bytes.length - part.length; i >= 0; i--) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    return -1;
  }
}
