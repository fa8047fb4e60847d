package dev.mesh.protocol.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Work that came in together — a webhook delivery that became one task or many — tracked as one: its tasks
 * in input order, the node that owns it (it delivers the callback), and the callback's delivery so far.
 * Immutable; each change makes a new version.
 */
public record Job(int schema, String id, String hook, String origin, Instant createdAt, List<String> tasks,
    Callback callback) {
  public static final int SCHEMA = 1;

  public Job {
    tasks = List.copyOf(tasks);
  }

  public static Job of(String id, String hook, String origin, Instant createdAt, List<String> tasks, String callbackUrl) {
    return new Job(SCHEMA, id, hook, origin, createdAt, tasks,
        callbackUrl == null ? null : new Callback(callbackUrl, null, List.of(), null));
  }

  public Job withCallback(Callback c) {
    return new Job(schema, id, hook, origin, createdAt, tasks, c);
  }

  /**
   * Where the job's outcome is POSTed and how that went: every attempt, when it was delivered (a 2xx), or
   * when mesh gave up ({@code gaveUpAt}, after the last retry).
   */
  public record Callback(String url, Instant deliveredAt, List<Attempt> attempts, Instant gaveUpAt) {
    public Callback {
      attempts = List.copyOf(attempts);
    }

    public boolean pending() {
      return deliveredAt == null && gaveUpAt == null;
    }

    public Callback withAttempt(Attempt a, boolean delivered, boolean gaveUp) {
      List<Attempt> all = new ArrayList<>(attempts);
      all.add(a);
      return new Callback(url, delivered ? a.at() : null, all, gaveUp ? a.at() : null);
    }
  }

  /** One try: the HTTP status the receiver answered, or what went wrong before one came back. */
  public record Attempt(Instant at, Integer status, String error) {}
}
