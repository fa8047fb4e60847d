package dev.mesh.node.remote;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** HTTP's Retry-After: delay-seconds or an HTTP date; anything else (or nothing) says nothing. */
final class RetryAfter {
  /** A remote asking for more than a day is capped: the circuit is probed again by then anyway. */
  static final Duration MAX = Duration.ofHours(24);

  private RetryAfter() {}

  static Optional<Duration> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(cap(Duration.ofSeconds(Long.parseLong(v))));
    }
    try {
      Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
      return Optional.of(cap(until.isNegative() ? Duration.ZERO : until));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
