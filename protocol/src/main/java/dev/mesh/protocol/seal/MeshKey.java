package dev.mesh.protocol.seal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A 256-bit mesh key and its public id (the first 8 bytes of a hash of it, so a message names the key that sealed
 * it without revealing anything). Its file is 64 hex digits and a newline, written 0600; {@link #toString} never
 * shows the key.
 */
public final class MeshKey {
  public static final int BYTES = 32;
  static final int ID_BYTES = 8;

  private final byte[] secret;
  private final byte[] id;

  private MeshKey(byte[] secret) {
    this.secret = secret.clone();
    this.id = Arrays.copyOf(sha256("mesh-key-id", secret), ID_BYTES);
  }

  public static MeshKey of(byte[] secret) {
    if (secret.length != BYTES) {
      throw new IllegalArgumentException("a mesh key is " + BYTES + " bytes, not " + secret.length);
    }
    return new MeshKey(secret);
  }

  public static MeshKey generate() {
    byte[] secret = new byte[BYTES];
    new SecureRandom().nextBytes(secret);
    return new MeshKey(secret);
  }

  /** Reads a key file; the message says what is wrong with it and never quotes it. */
  public static MeshKey read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("mesh key file " + file + " does not exist or is not a file");
    }
    if (Files.size(file) > 4 * BYTES) {
      throw new IOException("mesh key file " + file + " is " + Files.size(file) + " bytes; a key file holds "
          + 2 * BYTES + " hex digits (make one with: mesh key new --out " + file + ")");
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT);
    if (text.length() != 2 * BYTES || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IOException("mesh key file " + file + " does not hold " + 2 * BYTES
          + " hex digits (make one with: mesh key new --out " + file + ")");
    }
    return new MeshKey(HexFormat.of().parseHex(text));
  }

  /** Writes this key to a new file readable by its owner only; refuses to overwrite one. */
  public void write(Path file) throws IOException {
    byte[] text = (HexFormat.of().formatHex(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** The key's public id, hex. */
  public String id() {
    return HexFormat.of().formatHex(id);
  }

  byte[] idBytes() {
    return id;
  }

  byte[] secret() {
    return secret;
  }

  /** A key derived from this one for a purpose ("aes", "file-mac", "map-key"), so no two uses share a key. */
  byte[] derive(String purpose) {
    return sha256("mesh-key/" + purpose, secret);
  }

  private static byte[] sha256(String label, byte[] secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(label.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(secret);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "MeshKey[id=" + id() + "]";
  }
}
