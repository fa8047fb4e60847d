package dev.mesh.node.store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/** Task ids: time-ordered, URL- and file-name-safe, unguessable enough to be shared in links. */
public final class TaskIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern VALID = Pattern.compile("t-[0-9a-z]{8,12}-[0-9a-z]{10,16}");

  private TaskIds() {}

  public static String next(Instant now) {
    String time = Long.toString(now.toEpochMilli(), 36);
    String random = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return "t-" + time + "-" + "0".repeat(Math.max(0, 10 - random.length())) + random;
  }

  /** When a task of this node's making was given its id (at acceptance); empty for ids made elsewhere. */
  public static java.util.Optional<Instant> issuedAt(String id) {
    if (!valid(id)) {
      return java.util.Optional.empty();
    }
    String time = id.substring(2, id.indexOf('-', 2));
    return java.util.Optional.of(Instant.ofEpochMilli(Long.parseLong(time, 36)));
  }

  /** Ids come back in URLs and become file names: only our own shape is accepted. */
  public static boolean valid(String id) {
    return id != null && VALID.matcher(id).matches();
  }
}
