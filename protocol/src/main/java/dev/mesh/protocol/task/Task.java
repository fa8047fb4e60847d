package dev.mesh.protocol.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request the mesh has accepted: it has an id, the node it entered at ({@code origin}) and a
 * resolved deadline after which it expires instead of running.
 */
public record Task(String id, TaskRequest request, Instant acceptedAt, Instant deadline, String origin) {
  /** Deadline of a task that names neither {@code deadline} nor {@code timeoutSeconds}. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 600;

  public Task {
    requireText(id, "id");
    Objects.requireNonNull(request, "request must not be null");
    Objects.requireNonNull(acceptedAt, "acceptedAt must not be null");
    Objects.requireNonNull(deadline, "deadline must not be null");
    requireText(origin, "origin");
  }

  /**
   * Accepts an already validated request. The deadline is the request's {@code deadline} or
   * {@code now + timeoutSeconds}, the earlier when both are given (a caller who states two
   * limits means the tighter one), else {@code now + DEFAULT_TIMEOUT_SECONDS}.
   */
  public static Task accept(TaskRequest req, String id, String originNode, Instant now) {
    Objects.requireNonNull(req, "request must not be null");
    Objects.requireNonNull(now, "now must not be null");
    return new Task(id, req, now, resolveDeadline(req, now), originNode);
  }

  /** True once the deadline has passed: the task must expire rather than start. */
  public boolean pastDeadline(Instant now) {
    return !now.isBefore(deadline);
  }

  private static Instant resolveDeadline(TaskRequest req, Instant now) {
    Instant byTimeout = req.timeoutSeconds() == null ? null
        : now.plus(Duration.ofSeconds(req.timeoutSeconds()));
    if (req.deadline() != null && byTimeout != null) {
      return req.deadline().isBefore(byTimeout) ? req.deadline() : byTimeout;
    }
    if (req.deadline() != null) {
      return req.deadline();
    }
    return byTimeout != null ? byTimeout : now.plus(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
