package dev.mesh.protocol.seal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which sequence numbers each sender (per boot) has been seen to use: the newest and a window of
 * {@value #WINDOW} behind it, as IPsec keeps them. One sender's messages reach a node over one connection, almost
 * in order; one older than the window is refused like a replay. Bounded: the least recently heard senders are
 * forgotten past {@value #MAX_SENDERS} (a restarted node is a new boot). One per receiver: a message published to
 * two handlers is new to each.
 */
public final class ReplayWindow {
  public static final int WINDOW = 4096;
  static final int MAX_SENDERS = 512;

  private final Map<String, Seen> senders = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > MAX_SENDERS;
    }
  };

  /** Whether this is the first time {@code seq} comes from this sender's boot; records it. */
  public synchronized boolean firstSight(String sender, long boot, long seq) {
    return senders.computeIfAbsent(sender + "/" + boot, k -> new Seen()).firstSight(seq);
  }

  /** The newest sequence number and a bitmap of the {@value WINDOW} before it. */
  private static final class Seen {
    private final long[] bits = new long[WINDOW / 64];
    private long newest = -1;

    boolean firstSight(long seq) {
      if (seq > newest) {
        long shift = newest < 0 ? WINDOW : seq - newest;
        for (long s = newest + 1; s <= seq && shift < WINDOW; s++) {
          clear(s);
        }
        if (shift >= WINDOW) {
          java.util.Arrays.fill(bits, 0);
        }
        newest = seq;
        set(seq);
        return true;
      }
      if (newest - seq >= WINDOW || isSet(seq)) {
        return false;
      }
      set(seq);
      return true;
    }

    private void set(long seq) {
      int i = (int) Math.floorMod(seq, (long) WINDOW);
      bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long seq) {
      int i = (int) Math.floorMod(seq, (long) WINDOW);
      bits[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean isSet(long seq) {
      int i = (int) Math.floorMod(seq, (long) WINDOW);
      return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }
  }
}
