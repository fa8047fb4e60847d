package dev.mesh.node.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What reached a {@link FaultProxy} and what it sent on, counted from event loops and read from test threads. */
final class ProxyCounts {
  private final LongAdder requests = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();

  void countRequest(String path) {
    requests.increment();
    byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
  }

  void countForwarded() {
    forwarded.increment();
  }

  long requests() {
    return requests.sum();
  }

  long forwarded() {
    return forwarded.sum();
  }

  long requests(String pathPrefix) {
    return byPath.entrySet().stream()
        .filter(e -> e.getKey().startsWith(pathPrefix))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /** Not atomic across the counts: callers reset between scenarios, while no request is in flight. */
  void reset() {
    requests.reset();
    forwarded.reset();
    byPath.clear();
  }
}
