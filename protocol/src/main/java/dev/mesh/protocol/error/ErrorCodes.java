package dev.mesh.protocol.error;

import java.util.Set;

/** The stable error codes of the HTTP contract; clients switch on these, so never rename one. */
public final class ErrorCodes {
  public static final String INVALID_JSON = "invalid_json";
  public static final String INVALID_FIELD = "invalid_field";
  public static final String MISSING_FIELD = "missing_field";
  public static final String UNKNOWN_KIND = "unknown_kind";
  public static final String BODY_TOO_LARGE = "body_too_large";
  public static final String NOT_FOUND = "not_found";
  public static final String PROMPT_TOO_LONG = "prompt_too_long";
  public static final String ENGINE_CRASHED = "engine_crashed";
  public static final String ENGINE_UNAVAILABLE = "engine_unavailable";
  public static final String NO_MODEL = "no_model";
  public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
  public static final String INTERNAL = "internal";
  public static final String UNSUPPORTED_SCHEMA = "unsupported_schema";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String QUEUE_FULL = "queue_full";
  public static final String NO_CAPABLE_NODE = "no_capable_node";
  /** No usable API key (none, not Bearer, or not one the node knows). */
  public static final String UNAUTHORIZED = "unauthorized";
  /** A known API key whose role does not allow the request. */
  public static final String FORBIDDEN = "forbidden";
  /** A webhook delivery whose id was seen before. */
  public static final String REPLAYED_DELIVERY = "replayed_delivery";
  /** A webhook payload that does not fit its hook's mapping (field: the JSON Pointer into the payload). */
  public static final String MAPPING_FAILED = "mapping_failed";
  /** A form or multipart body: the API takes JSON only. */
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";

  /** This node woke from a freeze long enough for the others to drop it and is merging back: ask another node. */
  public static final String REJOINING = "rejoining";
  /** The idempotency key is taken by a task another node is accepting right now: retry shortly. */
  public static final String KEY_IN_USE = "idempotency_key_in_use";
  /**
   * A task ended without running: another task holds its idempotency key (two nodes accepted the key while the
   * cluster was split; after it healed one was kept).
   */
  public static final String DUPLICATE = "duplicate";

  /**
   * The model's output does not hold what the task asked (JSON that breaks its schema, a score out of range):
   * most often the token budget ran out before the JSON closed. Never a guess in its place.
   */
  public static final String OUTPUT_INVALID = "output_invalid";

  /** A task that ended longer ago than the mesh keeps finished tasks (its retention) and was forgotten. */
  public static final String PRUNED = "pruned";
  /** A remote engine refused the request itself (HTTP 4xx other than 429): what it said is the message. */
  public static final String REMOTE_REJECTED = "remote_rejected";

  /** A task cancelled before it ended (the error a cancelled record carries, and what a caller waiting on it gets). */
  public static final String CANCELLED = "cancelled";
  /** A cancel of a task that had already ended: nothing to stop; the message names the state it ended in. */
  public static final String TASK_ENDED = "task_ended";

  public static final Set<String> ALL = Set.of(
      INVALID_JSON, INVALID_FIELD, MISSING_FIELD, UNKNOWN_KIND, BODY_TOO_LARGE, NOT_FOUND,
      PROMPT_TOO_LONG, ENGINE_CRASHED, ENGINE_UNAVAILABLE, NO_MODEL, DEADLINE_EXCEEDED, QUEUE_FULL, NO_CAPABLE_NODE,
      INTERNAL, UNSUPPORTED_SCHEMA, METHOD_NOT_ALLOWED, UNAUTHORIZED, FORBIDDEN, REPLAYED_DELIVERY,
      MAPPING_FAILED, UNSUPPORTED_MEDIA_TYPE, REJOINING, KEY_IN_USE, DUPLICATE, PRUNED, OUTPUT_INVALID,
      REMOTE_REJECTED, CANCELLED, TASK_ENDED);

  private ErrorCodes() {}

  /** The HTTP status an error code is answered with; one table so every endpoint agrees. */
  public static int httpStatus(String code) {
    return switch (code) {
      // naming a model the node does not serve is the caller's mistake, not an outage
      case INVALID_JSON, INVALID_FIELD, MISSING_FIELD, UNKNOWN_KIND, PROMPT_TOO_LONG,
          UNSUPPORTED_SCHEMA, NO_MODEL, MAPPING_FAILED -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND, PRUNED -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case REPLAYED_DELIVERY, KEY_IN_USE, DUPLICATE, CANCELLED, TASK_ENDED -> 409;
      case BODY_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case ENGINE_CRASHED, OUTPUT_INVALID, REMOTE_REJECTED -> 502;
      case ENGINE_UNAVAILABLE, QUEUE_FULL, NO_CAPABLE_NODE, REJOINING -> 503;
      case DEADLINE_EXCEEDED -> 504;
      default -> 500;
    };
  }
}
