package dev.mesh.protocol.seal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals with the mesh key: AES-256-GCM from the JDK. A sealed payload is
 * {@code "M1" | key id (8) | nonce (12) | ciphertext and tag}, the header and the context authenticated with it; the
 * plaintext carries the sender's name, its boot id, a sequence number and the time, then the payload. The nonce is
 * this process's random prefix and the sequence number, so it never repeats under one key. A previous key (during a
 * rotation) opens until its time is up; nothing is sealed with it.
 */
public final class KeyedSealing implements Sealing {
  private static final byte[] MAGIC = {'M', '1'};
  private static final int NONCE_BYTES = 12;
  private static final int HEADER_BYTES = MAGIC.length + MeshKey.ID_BYTES + NONCE_BYTES;
  private static final int TAG_BITS = 128;
  private static final String TEXT_PREFIX = "mk1:";
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(KeyedSealing::newCipher);

  private final MeshKey current;
  private final Optional<MeshKey> previous;
  private final SecretKeySpec currentAes;
  private final Optional<SecretKeySpec> previousAes;
  private final Instant previousUntil;
  private final String sender;
  private final byte[] senderBytes;
  private final long boot;
  private final int noncePrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final Duration maxAge;
  private final Clock clock;
  private final FileSeal files;

  /**
   * @param sender this node's name, sealed into everything it sends
   * @param maxAge how far a message's time may be from this node's (clocks of a household drift; NTP keeps them
   *     within seconds)
   */
  public KeyedSealing(MeshKey current, Optional<MeshKey> previous, Instant previousUntil, String sender,
      Duration maxAge, Clock clock) {
    this.current = current;
    this.previous = previous;
    this.previousUntil = previousUntil;
    this.currentAes = aes(current);
    this.previousAes = previous.map(KeyedSealing::aes);
    this.files = FileSeal.with(current, previous);
    this.sender = sender;
    this.senderBytes = sender.getBytes(StandardCharsets.UTF_8);
    if (senderBytes.length > 255) {
      throw new IllegalArgumentException("a sender name is at most 255 bytes");
    }
    SecureRandom random = new SecureRandom();
    this.boot = random.nextLong();
    this.noncePrefix = random.nextInt();
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public byte[] seal(String context, byte[] payload) {
    long seq = sequence.incrementAndGet();
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).put(current.idBytes()).putInt(noncePrefix)
        .putLong(seq);
    ByteBuffer plain = ByteBuffer.allocate(1 + senderBytes.length + 24 + payload.length)
        .put((byte) senderBytes.length).put(senderBytes).putLong(boot).putLong(seq).putLong(clock.millis())
        .put(payload);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, currentAes, new GCMParameterSpec(TAG_BITS, header.array(),
          HEADER_BYTES - NONCE_BYTES, NONCE_BYTES));
      cipher.updateAAD(header.array());
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = Arrays.copyOf(header.array(), HEADER_BYTES + cipher.getOutputSize(plain.capacity()));
      cipher.doFinal(plain.array(), 0, plain.capacity(), sealed, HEADER_BYTES);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal: " + e.getMessage(), e);
    }
  }

  @Override
  public Opening open(String context, byte[] sealed, Freshness fresh) {
    if (sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != MAGIC[0] || sealed[1] != MAGIC[1]) {
      return new Opening.Refused(Opening.Reason.NOT_SEALED, "not sealed with a mesh key");
    }
    byte[] keyId = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + MeshKey.ID_BYTES);
    Optional<SecretKeySpec> key = keyFor(keyId);
    if (key.isEmpty()) {
      return new Opening.Refused(Opening.Reason.UNKNOWN_KEY,
          "sealed with key " + HexFormat.of().formatHex(keyId) + ", which this node does not hold");
    }
    byte[] plain;
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed,
          HEADER_BYTES - NONCE_BYTES, NONCE_BYTES));
      cipher.updateAAD(sealed, 0, HEADER_BYTES);
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      plain = cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
    } catch (AEADBadTagException e) {
      return new Opening.Refused(Opening.Reason.FORGED, "authentication failed (changed, forged, or not meant for "
          + context + ")");
    } catch (GeneralSecurityException e) {
      return new Opening.Refused(Opening.Reason.FORGED, "cannot be opened: " + e.getMessage());
    }
    return unpack(plain, fresh);
  }

  private Opening unpack(byte[] plain, Freshness fresh) {
    ByteBuffer in = ByteBuffer.wrap(plain);
    int senderLength = Byte.toUnsignedInt(in.get());
    String from = new String(plain, 1, senderLength, StandardCharsets.UTF_8);
    in.position(1 + senderLength);
    long senderBoot = in.getLong();
    long seq = in.getLong();
    long millis = in.getLong();
    byte[] payload = Arrays.copyOfRange(plain, in.position(), plain.length);
    if (fresh == Freshness.MESSAGE) {
      long skew = Math.abs(clock.millis() - millis);
      if (skew > maxAge.toMillis()) {
        return new Opening.Refused(Opening.Reason.STALE, "from " + from + ", sealed " + skew
            + " ms from this node's time (window " + maxAge.toMillis() + " ms)");
      }
    }
    return new Opening.Opened(payload, from, senderBoot, seq);
  }

  private Optional<SecretKeySpec> keyFor(byte[] keyId) {
    if (Arrays.equals(keyId, current.idBytes())) {
      return Optional.of(currentAes);
    }
    boolean previousHolds = previous.filter(p -> Arrays.equals(keyId, p.idBytes())).isPresent()
        && clock.instant().isBefore(previousUntil);
    return previousHolds ? previousAes : Optional.empty();
  }

  @Override
  public String sealText(String context, String payload) {
    return TEXT_PREFIX + Base64.getEncoder().encodeToString(seal(context, payload.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Opening openText(String context, String stored) {
    if (!stored.startsWith(TEXT_PREFIX)) {
      return new Opening.Refused(Opening.Reason.NOT_SEALED, "not sealed with a mesh key");
    }
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return new Opening.Refused(Opening.Reason.FORGED, "not base64: " + e.getMessage());
    }
    return open(context, sealed, Freshness.STORED);
  }

  @Override
  public String hideKey(String map, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(current.derive("map-key"), "HmacSHA256"));
      mac.update(map.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> keyId() {
    return Optional.of(current.id());
  }

  @Override
  public FileSeal files() {
    return files;
  }

  /** The sender this node seals as. */
  public String sender() {
    return sender;
  }

  private static SecretKeySpec aes(MeshKey key) {
    return new SecretKeySpec(key.derive("aes"), "AES");
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/GCM", e);
    }
  }
}
