package dev.mesh.node.faults;

/** What a {@link FaultProxy} does to the requests it receives: forward them, or break them in one chosen way. */
public enum Fault {
  /** Forward the request and relay the response as it streams. */
  PASS,
  /** Stop listening: new connections are refused at TCP level and open ones are closed, as for a dead host. */
  REFUSE,
  /** Answer 503 with a JSON error and forward nothing, as an overloaded or restarting server does. */
  UNAVAILABLE,
  /** Answer 429 with {@code Retry-After} and a JSON error and forward nothing, as a rate-limited API does. */
  TOO_MANY_REQUESTS,
  /** Hold the request for the slow delay before forwarding it, and forward nothing if the client gave up. */
  SLOW,
  /** Forward, relay the status, headers and first body chunk, then cut the connection without a proper end. */
  RESET_MID_STREAM
}
