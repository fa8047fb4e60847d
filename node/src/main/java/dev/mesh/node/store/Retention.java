package dev.mesh.node.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long ended tasks are kept (in the journal, the cluster map, and for {@code GET /v1/tasks/{id}}), and how
 * many at most per node. Unfinished tasks are never dropped.
 */
public record Retention(Duration keep, int keepMax) {
  public Retention {
    Objects.requireNonNull(keep, "keep must not be null");
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("keep must be positive: " + keep);
    }
    if (keepMax < 1) {
      throw new IllegalArgumentException("keepMax must be at least 1: " + keepMax);
    }
  }
}
