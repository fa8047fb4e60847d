package dev.mesh.node.hooks;

import dev.mesh.handoff.AtomicFiles;
import dev.mesh.node.cluster.SharedMap;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivery ids seen lately, per hook: a second delivery with the same id is a replay. An id is reserved while its
 * delivery is being accepted and recorded once its job is — a delivery refused on the way (every node drained,
 * queue full) is given back, so the sender's retry is not taken for a replay. An id is kept for twice its hook's
 * tolerance — older deliveries fail their timestamp check anyway — in a file (a restarted node still knows them)
 * and, clustered, in a cluster map with that time to live (a replay sent to another node is still a replay).
 * Blocking: call from a worker.
 */
final class DeliveryLog {
  static final String MAP_NAME = "mesh.hooks.deliveries";
  private static final long COMPACT_BYTES = 1024 * 1024;

  private final Path file;
  private final SharedMap<Long> cluster;
  private final Clock clock;
  /** key "hook/delivery" → when it may be forgotten (epoch seconds). */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();

  /** @param cluster the cluster-wide map of delivery ids ({@link #MAP_NAME}; none for a node alone) */
  DeliveryLog(Path dataDir, SharedMap<Long> cluster, Clock clock) throws IOException {
    Path dir = AtomicFiles.ownerOnlyDirectory(dataDir.resolve("hooks"));
    this.file = dir.resolve("deliveries.log");
    this.cluster = cluster;
    this.clock = clock;
    load();
  }

  /**
   * True the first time this hook sees this delivery id, which is then held for it until {@link #record} or
   * {@link #release}; false for a replay (or a delivery of the same id being accepted right now).
   */
  synchronized boolean reserve(String hook, String deliveryId, int keepSeconds) {
    long now = clock.instant().getEpochSecond();
    String key = hook + "/" + deliveryId;
    Long until = seen.get(key);
    if (until != null && until > now) {
      return false;
    }
    if (!cluster.putIfAbsent(key, now + keepSeconds, Duration.ofSeconds(keepSeconds))) {
      return false;
    }
    seen.put(key, now + keepSeconds);
    return true;
  }

  /** The delivery's job was accepted: its id is remembered durably, across a restart. */
  synchronized void record(String hook, String deliveryId) throws IOException {
    String key = hook + "/" + deliveryId;
    Long until = seen.get(key);
    if (until != null) {
      append(until + " " + key + "\n");
    }
  }

  /** The delivery was refused after its id was reserved: the sender may deliver it again. */
  synchronized void release(String hook, String deliveryId) {
    String key = hook + "/" + deliveryId;
    seen.remove(key);
    cluster.delete(key);
  }

  private void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    long now = clock.instant().getEpochSecond();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space > 0) {
        try {
          long until = Long.parseLong(line.substring(0, space));
          if (until > now) {
            seen.put(line.substring(space + 1), until);
          }
        } catch (NumberFormatException torn) {
          // a line cut short by a crash: it was never acknowledged, so forgetting it is right
        }
      }
    }
    if (Files.size(file) > COMPACT_BYTES) {
      compact();
    }
  }

  private void append(String line) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      ch.force(false); // the 202 promises the id is remembered
    }
    if (Files.size(file) > COMPACT_BYTES) {
      compact();
    }
  }

  private void compact() throws IOException {
    long now = clock.instant().getEpochSecond();
    seen.values().removeIf(until -> until <= now);
    StringBuilder live = new StringBuilder();
    seen.forEach((key, until) -> live.append(until).append(' ').append(key).append('\n'));
    AtomicFiles.write(file, live.toString().getBytes(StandardCharsets.UTF_8));
  }
}
