package dev.mesh.node.security;

import dev.mesh.protocol.seal.Opening;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every payload that failed to open: counted per kind, the newest few kept for status, and logged once per kind,
 * reason and claimed sender — a stranger sending ten adverts a second must not fill the disk. Bounded.
 */
public final class UntrustedLog {
  private static final Logger LOG = LoggerFactory.getLogger(UntrustedLog.class);
  static final int RECENT = 20;
  static final int MAX_LOGGED = 1000;

  private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
  private final Deque<Refusal> recent = new ArrayDeque<>();
  private final Set<String> logged = ConcurrentHashMap.newKeySet();
  private final Clock clock;

  public UntrustedLog(Clock clock) {
    this.clock = clock;
    for (Kind k : Kind.values()) {
      counts.put(k, new AtomicLong());
    }
  }

  /** Records one refused payload; {@code where} is its address, map entry or file. */
  public void refused(Kind kind, String where, Opening.Refused refused) {
    counts.get(kind).incrementAndGet();
    Refusal r = new Refusal(kind, where, refused.reason(), refused.detail(), clock.instant());
    synchronized (recent) {
      recent.addFirst(r);
      if (recent.size() > RECENT) {
        recent.removeLast();
      }
    }
    String once = kind + "/" + refused.reason() + "/" + where.replaceAll("[0-9a-f-]{16,}", "*");
    if (logged.size() < MAX_LOGGED && logged.add(once)) {
      LOG.warn("untrusted {} refused at {}: {} ({}); dropped — it is not from a node holding this mesh's key"
          + " (further ones like it are counted in mesh_untrusted_messages_total, not logged)", kind.wire(), where,
          refused.reason().wire(), refused.detail());
    }
  }

  public Map<Kind, Long> counts() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The newest refusals, newest first. */
  public List<Refusal> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
