package dev.mesh.node.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The shared folder (README, "Handoff directory"): the fallback transport when the event bus can't deliver,
 * and the only one of a node that runs with {@code cluster.enabled: false}. {@code dir} unset: no handoff.
 * With a mesh key, files nodes write carry a MAC and files without one are refused — except a script's bare
 * request when {@code acceptUnsigned} is true (never a task record, a result or an advert).
 */
public record HandoffConfig(String dir, long pollMs, long leaseMs, long settleMs, long maxFileBytes,
    long keepResultsHours, boolean nativeWatch, boolean acceptUnsigned) {

  public static HandoffConfig defaults() {
    // poll twice a second: a NFS directory listing is cheap, and latency is what the fallback costs
    return new HandoffConfig(null, 500, 30_000, 2_000, 1024 * 1024, 24, true, false);
  }

  public boolean enabled() {
    return dir != null && !dir.isBlank();
  }

  public Path path() {
    return ConfigPaths.expand(dir);
  }

  public Duration poll() {
    return Duration.ofMillis(pollMs);
  }

  public Duration lease() {
    return Duration.ofMillis(leaseMs);
  }

  public Duration settle() {
    return Duration.ofMillis(settleMs);
  }

  public Duration keepResults() {
    return Duration.ofHours(keepResultsHours);
  }
}
