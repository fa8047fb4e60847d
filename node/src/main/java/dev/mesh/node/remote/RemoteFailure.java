package dev.mesh.node.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to a remote engine that did not give an answer, and why, as a closed set: all but {@link Kind#REJECTED}
 * mean the remote is out (its circuit opens); a rejection is about the request, which fails as the remote said.
 * Its message names the remote, never its key.
 */
public final class RemoteFailure extends RuntimeException {
  /** Why a call failed. */
  public enum Kind {
    /** No connection: refused, unresolvable, reset before a reply. */
    UNREACHABLE,
    /** No byte for longer than the remote's timeout. */
    TIMEOUT,
    /** HTTP 5xx. */
    SERVER_ERROR,
    /** HTTP 429: it asks to be left alone for a while (Retry-After). */
    RATE_LIMITED,
    /** HTTP 401 or 403: the key is wrong or missing. */
    UNAUTHORIZED,
    /** The answer broke off before its end. */
    BROKEN_STREAM,
    /** The answer could not be read (not the JSON the API promises). */
    BAD_REPLY,
    /** HTTP 4xx about this request (a prompt too long, an unknown model): not an outage. */
    REJECTED
  }

  private final Kind kind;
  private final Integer status;
  private final Duration retryAfter;

  public RemoteFailure(Kind kind, String message, Integer status, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public RemoteFailure(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether it says the remote is out, rather than that this request was wrong. */
  public boolean outage() {
    return kind != Kind.REJECTED;
  }

  public Optional<Integer> status() {
    return Optional.ofNullable(status);
  }

  /** How long the remote asked to be left alone (HTTP 429's Retry-After), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
