package dev.mesh.bench.hop;

import com.hazelcast.map.IMap;
import dev.mesh.bench.Latencies;
import dev.mesh.bench.cluster.BenchMember;
import dev.mesh.handoff.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one durable change of a task record costs, timed apart from the node: the journal's atomic write
 * (temp file, fsync, rename, fsync of the folder) in the same file system, and a compare-and-set of the record
 * in a cluster map with one synchronous backup (get + replace), as every change of a task makes.
 */
final class ComponentTimes {
  private static final String MAP = "bench.cas";

  private ComponentTimes() {}

  static Latencies journalWrite(Path dir, byte[] record, int times) throws IOException {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      AtomicFiles.write(dir.resolve("t-" + i + ".json"), record);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    return Latencies.ofMillis(millis);
  }

  /** From this lite member every operation goes to the owning node, which backs it up on the other. */
  static Latencies mapCompareAndSet(BenchMember member, String record, int times) {
    IMap<String, String> map = member.hazelcast().getMap(MAP);
    try {
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        String key = "t-" + (i % 16);
        map.set(key, record + i);
        long start = System.nanoTime();
        String current = map.get(key);
        map.replace(key, current, record + "x" + i);
        millis.add((System.nanoTime() - start) / 1e6);
      }
      return Latencies.ofMillis(millis);
    } finally {
      map.destroy();
    }
  }
}
