package dev.mesh.node.faults;

import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** The headers a proxy passes on: all but the hop-by-hop ones, which describe one connection (RFC 9110, 7.6.1). */
final class EndToEndHeaders {
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer");

  private EndToEndHeaders() {}

  /** A copy of {@code headers} without the hop-by-hop ones nor those in {@code except} (lower case). */
  static MultiMap of(MultiMap headers, String... except) {
    Set<String> dropped = Set.of(except);
    // a Connection header may name more headers that hold for this hop only
    Set<String> named = Set.copyOf(headers.getAll("connection").stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(name -> name.trim().toLowerCase(Locale.ROOT))
        .toList());
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !lower.startsWith("proxy-") && !named.contains(lower)
          && !dropped.contains(lower)) {
        copy.add(name, value);
      }
    });
    return copy;
  }
}
