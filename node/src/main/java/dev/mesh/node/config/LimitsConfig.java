package dev.mesh.node.config;

/** Bounds on what a caller may ask of this node. */
public record LimitsConfig(int maxPromptChars, int maxTokens, int maxWaitSeconds, int queueCapacity) {
  public static final int DEFAULT_MAX_PROMPT_CHARS = 64 * 1024;
  public static final int DEFAULT_MAX_TOKENS = 4096;
  public static final int DEFAULT_MAX_WAIT_SECONDS = 300;
  public static final int DEFAULT_QUEUE_CAPACITY = 1000;

  public static LimitsConfig defaults() {
    return new LimitsConfig(
        DEFAULT_MAX_PROMPT_CHARS, DEFAULT_MAX_TOKENS, DEFAULT_MAX_WAIT_SECONDS, DEFAULT_QUEUE_CAPACITY);
  }
}
