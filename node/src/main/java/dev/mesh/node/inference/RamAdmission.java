package dev.mesh.node.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a model may load now, by live RAM: its need (estimate, or the most it was seen to hold) must fit in
 * available RAM minus the reserve, and — with {@code memory.limitMb} — within the limit beside the models that
 * stay loaded. Idle models are given up to make room, least recently used first. Pure: the caller acts.
 */
public final class RamAdmission {
  private static final long MIB = 1024 * 1024;

  public enum Kind { LOAD, WAIT, NEVER }

  /** LOAD after unloading {@code unload} (model ids); WAIT until a model goes idle; NEVER ({@code why}: needs X, has Y). */
  public record Plan(Kind kind, List<String> unload, String why) {
  }

  /** The machine as admission sees it, in bytes; {@code limitBytes} 0 means no limit. */
  public record Room(long totalBytes, long availableBytes, long reserveBytes, long limitBytes) {
  }

  /**
   * One model as admission sees it: what it needs loaded, what its engine holds now (0 when not loaded), and
   * whether it could be given up (loaded, ready, nothing running or queued).
   */
  public record Model(String id, long needBytes, long residentBytes, boolean loaded, boolean idle, long lastUsedNanos) {
    static Model of(LocalModel m, boolean busy) {
      return new Model(m.id(), m.needBytes(), Math.max(0, m.rssBytes()), m.loaded(),
          m.loaded() && m.engineStatus().ready() && !busy, m.lastUsedNanos());
    }

    /** What it may come to hold: its need, or more when it was seen to hold more. */
    long claim() {
      return Math.max(needBytes, residentBytes);
    }
  }

  private RamAdmission() {}

  public static Plan plan(Model target, List<Model> all, Room room) {
    long need = target.needBytes();
    long ceiling = room.limitBytes() > 0 ? room.limitBytes() : room.totalBytes() - room.reserveBytes();
    if (need > ceiling) {
      return new Plan(Kind.NEVER, List.of(), "model " + target.id() + " needs " + mib(need) + " MiB; this node has "
          + mib(ceiling) + " MiB for models at most (" + (room.limitBytes() > 0 ? "memory.limitMb"
          : "its RAM minus memory.reserveMb") + ")");
    }
    List<Model> loaded = all.stream().filter(m -> !m.id().equals(target.id()) && m.loaded()).toList();
    // each loaded model counts at what it may come to hold, of which only its RSS is out of "available" yet
    long claimed = loaded.stream().mapToLong(Model::claim).sum();
    long growing = loaded.stream().mapToLong(m -> m.claim() - m.residentBytes()).sum();
    long available = room.availableBytes();
    List<Model> idle = loaded.stream().filter(Model::idle).sorted(Comparator.comparingLong(Model::lastUsedNanos))
        .toList();
    List<String> unload = new ArrayList<>();
    for (int i = 0; ; i++) {
      boolean ram = need <= available - growing - room.reserveBytes();
      if (ram && (room.limitBytes() <= 0 || claimed + need <= room.limitBytes())) {
        return new Plan(Kind.LOAD, unload, "needs " + mib(need) + " MiB");
      }
      if (i == idle.size()) {
        return new Plan(Kind.WAIT, List.of(), "model " + target.id() + " needs " + mib(need) + " MiB; it waits for"
            + " a busy model to finish");
      }
      Model victim = idle.get(i);
      unload.add(victim.id());
      claimed -= victim.claim();
      growing -= victim.claim() - victim.residentBytes();
      available += victim.residentBytes();
    }
  }

  private static long mib(long bytes) {
    return (bytes + MIB - 1) / MIB;
  }
}
