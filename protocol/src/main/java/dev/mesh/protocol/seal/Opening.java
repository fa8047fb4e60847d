package dev.mesh.protocol.seal;

import java.nio.charset.StandardCharsets;

/** What opening a sealed payload gave: the payload and who sealed it, or why it was refused. */
public sealed interface Opening permits Opening.Opened, Opening.Refused {
  /** The sender of a payload that carried none (no mesh key). */
  String UNKNOWN_SENDER = "";

  /**
   * @param sender the node name sealed with the payload (authenticated with it)
   * @param boot the sender's boot id and {@code sequence} its number for this payload: a message is new to whoever
   *     receives it if that pair is (see {@link ReplayWindow}); both 0 without a key
   */
  record Opened(byte[] payload, String sender, long boot, long sequence) implements Opening {
    public Opened(byte[] payload, String sender) {
      this(payload, sender, 0, 0);
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** @param detail what was wrong, for the log; never any key material */
  record Refused(Reason reason, String detail) implements Opening {}

  /** Why a payload was refused. */
  enum Reason {
    /** Not sealed at all: a member without the key, or one from before the key. */
    NOT_SEALED,
    /** Sealed with a key this node does not hold. */
    UNKNOWN_KEY,
    /** The authentication failed: changed, forged, or moved from another address or entry. */
    FORGED,
    /** Sealed too long ago (or too far ahead): outside the replay window. */
    STALE,
    /** Seen before from the same sender: a replay. */
    REPLAYED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
