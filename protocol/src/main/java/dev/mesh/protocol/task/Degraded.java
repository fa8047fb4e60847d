package dev.mesh.protocol.task;

import java.util.Objects;

/**
 * A task served by another model than the one it was bound for, because that one was out: what it {@code wanted}
 * (a model's name or a tier, as routing would have chosen it), the model that was {@code used}, and the
 * {@code reason} (the remote's outage, or the spent cloud budget). Never hidden: it is on the result, and the
 * OpenAI and Ollama APIs send it as the {@code X-Mesh-Degraded} header too.
 */
public record Degraded(String wanted, String used, String reason) {
  public Degraded {
    Objects.requireNonNull(wanted, "wanted must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
  }

  /** The same degradation, naming the model that did serve the task. */
  public Degraded usedBy(String model) {
    return new Degraded(wanted, model, reason);
  }

  /** The header's value: {@code wanted=big-writer; used=qwen-light; reason=remote cloud is out (HTTP 503)}. */
  public String header() {
    return ("wanted=" + wanted + "; used=" + used + "; reason=" + reason).replaceAll("[\\r\\n]", " ");
  }
}
