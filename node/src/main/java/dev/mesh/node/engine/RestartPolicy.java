package dev.mesh.node.engine;

import java.time.Duration;

/**
 * When a supervisor restarts a crashed engine and when it gives up.
 *
 * @param firstBackoff    wait before the first restart; doubles with each rapid crash
 * @param maxBackoff      the longest wait
 * @param maxRapidCrashes give up (unusable) after this many crashes in a row
 * @param stableAfter     an engine that stayed up this long resets the crash count
 */
public record RestartPolicy(Duration firstBackoff, Duration maxBackoff, int maxRapidCrashes, Duration stableAfter) {

  public static final RestartPolicy DEFAULT =
      new RestartPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 5, Duration.ofSeconds(60));

  public RestartPolicy {
    if (maxRapidCrashes < 1) {
      throw new IllegalArgumentException("maxRapidCrashes must be >= 1, was " + maxRapidCrashes);
    }
  }

  /** 0.5 s, 1 s, 2 s, ... capped at maxBackoff, for the n-th crash in a row (n >= 1). */
  public Duration backoff(int crashesInARow) {
    long millis = firstBackoff.toMillis() << Math.min(Math.max(crashesInARow - 1, 0), 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
