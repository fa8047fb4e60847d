package dev.mesh.node.config;

/**
 * Bounds on what a caller may ask of this node, and how its queues order what waits: {@code queueOrder} priority
 * (the higher class first, with aging) or arrival; {@code priorityAgingSeconds}: how long at the front of its class
 * lifts a waiting task one class.
 */
public record LimitsConfig(int maxPromptChars, int maxTokens, int maxWaitSeconds, int queueCapacity, String queueOrder,
    int priorityAgingSeconds) {
  public static final int DEFAULT_MAX_PROMPT_CHARS = 64 * 1024;
  public static final int DEFAULT_MAX_TOKENS = 4096;
  public static final int DEFAULT_MAX_WAIT_SECONDS = 300;
  public static final int DEFAULT_QUEUE_CAPACITY = 1000;
  public static final String DEFAULT_QUEUE_ORDER = "priority";
  /** A batch task waits at most two steps (a minute) at the front of its class while interactive work keeps coming. */
  public static final int DEFAULT_PRIORITY_AGING_SECONDS = 30;
  /** An hour a step: beyond that, batch work would as good as starve. */
  public static final int MAX_PRIORITY_AGING_SECONDS = 3600;

  public LimitsConfig(int maxPromptChars, int maxTokens, int maxWaitSeconds, int queueCapacity) {
    this(maxPromptChars, maxTokens, maxWaitSeconds, queueCapacity, DEFAULT_QUEUE_ORDER,
        DEFAULT_PRIORITY_AGING_SECONDS);
  }

  public static LimitsConfig defaults() {
    return new LimitsConfig(
        DEFAULT_MAX_PROMPT_CHARS, DEFAULT_MAX_TOKENS, DEFAULT_MAX_WAIT_SECONDS, DEFAULT_QUEUE_CAPACITY);
  }
}
