package dev.mesh.node.keys;

import io.vertx.core.Future;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Which task an idempotency key names, mesh-wide: a key is reserved for one task id before that task is
 * accepted, so a client that retries a timed-out submit on another node gets the first task, not a second one.
 */
public interface KeyRegistry {
  /** Reserves {@code key} for task {@code id}; completes with the id that already holds it, or empty when reserved. */
  Future<Optional<String>> reserve(String key, String id);

  /** Gives back a reservation whose task was not accepted after all (only if it still names {@code id}). */
  Future<Void> release(String key, String id);

  /**
   * Gives the key to task {@code id} if it still names {@code stale} — a task that was never accepted (its node died
   * or failed between reserving the key and accepting the task). Completes with whether it did.
   */
  Future<Boolean> takeOver(String key, String stale, String id);

  /** The task the key names now, if any. */
  Future<Optional<String>> holder(String key);

  /** Forgets keys past the retention; returns how many (blocking: call from a worker). */
  int prune(Instant now) throws IOException;
}
