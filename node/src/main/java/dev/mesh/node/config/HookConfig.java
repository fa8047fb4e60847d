package dev.mesh.node.config;

/**
 * One webhook, {@code POST /hooks/<name>}: its secret (deliveries are signed with it, and so are the
 * callbacks mesh sends back), how old a delivery may be, how large, and how its JSON becomes work — one task
 * from {@code task}, or with {@code each} (a JSON Pointer to an array) a job of one task per element.
 * {@code callback}: where the outcome is POSTed when the task or job ends.
 */
public record HookConfig(String name, String secret, Integer toleranceSeconds, Long maxBodyBytes, String each,
    HookTaskConfig task, String callback) {
  public static final int DEFAULT_TOLERANCE_SECONDS = 300;

  public int toleranceOrDefault() {
    return toleranceSeconds == null ? DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
  }

  /** Never the secret: a record's default toString would print it into a log. */
  @Override
  public String toString() {
    return "HookConfig[name=" + name + ", each=" + each + ", callback=" + callback + "]";
  }
}
