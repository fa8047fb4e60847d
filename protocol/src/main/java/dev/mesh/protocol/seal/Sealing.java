package dev.mesh.protocol.seal;

import java.util.Optional;

/**
 * What a node does to every payload it puts into the cluster: with a mesh key, seals it (encrypted, authenticated,
 * bound to where it goes — an event-bus address, or a map and key); without one, nothing. {@code context} is that
 * place, so a sealed payload moved anywhere else fails to open.
 */
public sealed interface Sealing permits Sealing.Off, KeyedSealing {

  /** Bytes for the cluster. */
  byte[] seal(String context, byte[] payload);

  /**
   * The payload of bytes from the cluster. {@code fresh}: a message on the bus, which must have been sealed recently
   * (whether it was seen before is each receiver's to check, with a {@link ReplayWindow}: one message published to
   * two handlers of one node is new to each); a stored value (a map entry) is exempt — it is meant to be read again.
   */
  Opening open(String context, byte[] sealed, Freshness fresh);

  /** A map value as text: base64 of the sealed bytes when keyed, else the payload as it is. */
  String sealText(String context, String payload);

  /** The text of a map value; without a key, the value itself. */
  Opening openText(String context, String stored);

  /** A map key that does not reveal what it names (a client's idempotency key); without a key, the key itself. */
  String hideKey(String map, String key);

  /** The id of the key that seals, if any (for status: which key is in use, never the key). */
  Optional<String> keyId();

  /** The MAC on files this node writes to the shared folder (none without a key). */
  FileSeal files();

  default boolean keyed() {
    return keyId().isPresent();
  }

  /** Whether an opened payload must be recent and new. */
  enum Freshness {
    /** A message on the bus: sealed recently. */
    MESSAGE,
    /** A value stored in a map, read again and again. */
    STORED
  }

  /** No mesh key: payloads go as they are (a node alone, or a cluster that chose not to have one). */
  record Off() implements Sealing {
    @Override
    public byte[] seal(String context, byte[] payload) {
      return payload;
    }

    @Override
    public Opening open(String context, byte[] sealed, Freshness fresh) {
      return new Opening.Opened(sealed, Opening.UNKNOWN_SENDER);
    }

    @Override
    public String sealText(String context, String payload) {
      return payload;
    }

    @Override
    public Opening openText(String context, String stored) {
      return new Opening.Opened(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8), Opening.UNKNOWN_SENDER);
    }

    @Override
    public String hideKey(String map, String key) {
      return key;
    }

    @Override
    public Optional<String> keyId() {
      return Optional.empty();
    }

    @Override
    public FileSeal files() {
      return FileSeal.none();
    }
  }
}
