package dev.mesh.node.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.config.HttpUrls;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * A task posted with {@code "callback": "<url>"}: it becomes a one-task job without a hook, so its outcome is
 * POSTed there exactly as a hook's job's is (signed with the node's {@code callbacks.secret}, retried, every
 * attempt on the job), and {@code X-Mesh-Job} tells the caller where to look.
 */
public final class TaskCallbacks {
  public static final String FIELD = "callback";
  private final JobStore jobs;
  private final JobWatcher watcher;
  private final String nodeName;
  private final Clock clock;
  private final boolean enabled;
  private final CallbackAllowList allowed;

  /** @param enabled whether the node has a secret to sign task callbacks with */
  public TaskCallbacks(JobStore jobs, JobWatcher watcher, String nodeName, Clock clock, boolean enabled) {
    this(jobs, watcher, nodeName, clock, enabled, new CallbackAllowList(java.util.List.of()));
  }

  /** @param allowed where a task's callback may go ({@code callbacks.allow}, else the hooks' callbacks) */
  public TaskCallbacks(JobStore jobs, JobWatcher watcher, String nodeName, Clock clock, boolean enabled,
      CallbackAllowList allowed) {
    this.allowed = allowed;
    this.jobs = jobs;
    this.watcher = watcher;
    this.nodeName = nodeName;
    this.clock = clock;
    this.enabled = enabled;
  }

  /** The callback URL a request body names, or null; a bad one (or none allowed here) is a 400 naming the field. */
  public String urlIn(JsonNode body) {
    JsonNode value = body == null ? null : body.get(FIELD);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!enabled) {
      throw Rejection.of(ErrorCodes.INVALID_FIELD, "this node takes no task callbacks: set callbacks.secret to sign"
          + " them with", FIELD);
    }
    if (!value.isTextual() || !HttpUrls.valid(value.asText())) {
      throw Rejection.of(ErrorCodes.INVALID_FIELD, "callback must be an http:// or https:// URL with a host", FIELD);
    }
    if (!allowed.allows(value.asText())) {
      throw Rejection.of(ErrorCodes.INVALID_FIELD, "callback " + value.asText() + " is not under a URL this node may"
          + " call back (callbacks.allow; by default the hooks' callbacks)", FIELD);
    }
    return value.asText();
  }

  /** Starts following the task for its callback; completes with the job that tracks it. */
  public Future<Job> follow(TaskRecord task, String url) {
    return jobs.create(Job.of(JobStore.nextId(clock.instant()), null, nodeName, clock.instant(), java.util.List.of(
        task.id()), url)).onSuccess(watcher::watch);
  }
}
