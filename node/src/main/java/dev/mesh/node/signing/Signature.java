package dev.mesh.node.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * mesh's webhook signature, both ways (deliveries in, callbacks out): HMAC-SHA256 with the hook's secret over
 * {@code <timestamp>.<delivery id>.<raw body>}, sent as {@code X-Mesh-Signature: sha256=<hex>} (GitHub's value
 * format; bare hex is taken too). The timestamp and delivery id are signed with the body: over the body alone, a
 * captured delivery could be replayed under a fresh timestamp and a new id, and both checks would be decoration.
 */
public final class Signature {
  public static final String SIGNATURE_HEADER = "X-Mesh-Signature";
  public static final String TIMESTAMP_HEADER = "X-Mesh-Timestamp";
  public static final String DELIVERY_HEADER = "X-Mesh-Delivery";
  private static final String PREFIX = "sha256=";

  private final byte[] secret;

  public Signature(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The header value for a body sent at {@code timestamp} (epoch seconds) as delivery {@code id}. */
  public String sign(long timestamp, String deliveryId, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac(timestamp, deliveryId, body));
  }

  /** Whether {@code header} is this body's signature; compared in constant time. */
  public boolean verify(String header, String timestamp, String deliveryId, byte[] body) {
    if (header == null) {
      return false;
    }
    String hex = header.trim();
    if (hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      hex = hex.substring(PREFIX.length());
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(presented, mac(timestamp, deliveryId, body));
  }

  private byte[] mac(Object timestamp, String deliveryId, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestamp + "." + deliveryId + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
