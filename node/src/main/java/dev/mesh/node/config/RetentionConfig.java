package dev.mesh.node.config;

/**
 * How long this node keeps ended tasks, jobs and idempotency keys, and how many ended tasks at most: a node
 * that runs for months keeps a bounded history. Unfinished tasks are never dropped.
 */
public record RetentionConfig(int keepHours, int keepMax) {
  public static final int DEFAULT_KEEP_HOURS = 24;
  public static final int DEFAULT_KEEP_MAX = 10_000;

  public static RetentionConfig defaults() {
    return new RetentionConfig(DEFAULT_KEEP_HOURS, DEFAULT_KEEP_MAX);
  }
}
