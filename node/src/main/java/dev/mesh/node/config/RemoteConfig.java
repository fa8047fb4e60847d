package dev.mesh.node.config;

import java.util.List;

/**
 * A remote engine this node calls and advertises like its own models: its {@code api} (ollama or openai), base
 * {@code url} (for openai including {@code /v1}), {@code network} (local: this machine, lan: the household, cloud:
 * outside it), its key from an environment variable ({@code apiKeyEnv}) or a file ({@code apiKeyFile}) — never in
 * this file — the models it serves (discovered from the remote when none are listed), what a million tokens
 * cost, how many calls it takes at once, how long a call may go without a byte ({@code timeoutMs}), and how long
 * its circuit stays open after a failure before a probe ({@code cooldownMs}, doubling while it stays out).
 */
public record RemoteConfig(String name, String api, String url, String network, String apiKeyEnv, String apiKeyFile,
    List<RemoteModelConfig> models, CostConfig costPerMillionTokens, Integer concurrency, Long timeoutMs,
    Long cooldownMs) {
  public static final long DEFAULT_TIMEOUT_MS = 60_000;
  public static final long DEFAULT_COOLDOWN_MS = 5_000;
  public static final long MAX_COOLDOWN_MS = 300_000;
  /** Ollama runs one request at a time unless told otherwise; a cloud API takes several. */
  public static final int DEFAULT_CONCURRENCY = 1;
  public static final int DEFAULT_CLOUD_CONCURRENCY = 4;

  public RemoteConfig {
    models = models == null ? List.of() : List.copyOf(models);
  }

  public long timeoutOrDefault() {
    return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
  }

  public long cooldownOrDefault() {
    return cooldownMs == null ? DEFAULT_COOLDOWN_MS : cooldownMs;
  }

  public int concurrencyOrDefault() {
    return concurrency != null ? concurrency : "cloud".equalsIgnoreCase(network) ? DEFAULT_CLOUD_CONCURRENCY
        : DEFAULT_CONCURRENCY;
  }

  /** Tokens in and out, priced per million; absent: free (a household machine). */
  public record CostConfig(double input, double output) {}
}
