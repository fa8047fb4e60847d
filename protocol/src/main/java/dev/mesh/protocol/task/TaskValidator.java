package dev.mesh.protocol.task;

import java.util.Locale;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.FieldError;
import dev.mesh.protocol.error.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a {@link TaskRequest} before it is accepted and reports every problem at once, each
 * naming its field exactly as written in the JSON ({@code params.temperature},
 * {@code messages[2].role}, {@code labels[0]}). Text fields another kind would use are
 * ignored, not reported: clients reuse one body shape across kinds.
 */
public final class TaskValidator {
  public static final int MAX_MESSAGES = 256;
  public static final int MIN_LABELS = 2;
  public static final int MAX_LABELS = 50;
  public static final int MAX_LABEL_CHARS = 200;
  public static final int MAX_MODEL_NAME_CHARS = 200;
  public static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;
  public static final int MAX_TIMEOUT_SECONDS = 86_400;
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]+");

  /** Bounds a node puts on what a caller may ask (from its config). */
  public record Limits(int maxPromptChars, int maxTokens) {
    public static final int DEFAULT_MAX_PROMPT_CHARS = 64 * 1024;
    public static final int DEFAULT_MAX_TOKENS = 4096;

    public Limits {
      if (maxPromptChars < 1 || maxTokens < 1) {
        throw new IllegalArgumentException("limits must be at least 1: maxPromptChars "
            + maxPromptChars + ", maxTokens " + maxTokens);
      }
    }

    public static Limits defaults() {
      return new Limits(DEFAULT_MAX_PROMPT_CHARS, DEFAULT_MAX_TOKENS);
    }
  }

  private final Limits limits;
  private final Instant now;
  private final List<FieldError> errors = new ArrayList<>();

  private TaskValidator(Limits limits, Instant now) {
    this.limits = limits;
    this.now = now;
  }

  /** Returns the request unchanged when valid; otherwise throws with every problem found. */
  public static TaskRequest validate(TaskRequest r, Limits limits) {
    return validate(r, limits, Instant.now());
  }

  public static TaskRequest validate(TaskRequest r, Limits limits, Instant now) {
    List<FieldError> found = check(r, limits, now);
    if (!found.isEmpty()) {
      throw new ValidationException(found);
    }
    return r;
  }

  /** Every problem with the request, in field order; empty when it is valid. */
  public static List<FieldError> check(TaskRequest r, Limits limits, Instant now) {
    if (r == null) {
      return List.of(new FieldError(null, "the request body must be a JSON object", ErrorCodes.INVALID_JSON));
    }
    TaskValidator v = new TaskValidator(limits, now);
    new KindTextValidator(limits.maxPromptChars(), v.errors).check(r);
    v.checkModels(r);
    v.checkParams(r.params());
    v.checkRequirements(r.requirements());
    v.checkIdempotencyKey(r.idempotencyKey());
    v.checkDeadline(r);
    return List.copyOf(v.errors);
  }

  private void checkModels(TaskRequest r) {
    checkName("model", r.model());
    Requirements req = r.requirements();
    if (r.model() != null && req != null && req.model() != null && !r.model().equals(req.model())) {
      invalid("requirements.model", "requirements.model '" + req.model() + "' conflicts with model '" + r.model() + "'");
    }
  }

  private void checkParams(TaskParams p) {
    if (p == null) {
      return;
    }
    if (p.temperature() != null && !(p.temperature() >= 0 && p.temperature() <= TaskParams.MAX_TEMPERATURE)) {
      invalid("params.temperature", "params.temperature must be between 0 and 2 (got " + p.temperature() + ")");
    }
    if (p.maxTokens() != null && (p.maxTokens() < 1 || p.maxTokens() > limits.maxTokens())) {
      invalid("params.maxTokens", "params.maxTokens must be between 1 and " + limits.maxTokens()
          + " (got " + p.maxTokens() + ")");
    }
    if (p.topP() != null && !(p.topP() > 0 && p.topP() <= 1)) {
      invalid("params.topP", "params.topP must be greater than 0 and at most 1 (got " + p.topP() + ")");
    }
    checkStop(p.stop());
  }

  private void checkStop(List<String> stop) {
    if (stop == null) {
      return;
    }
    if (stop.size() > TaskParams.MAX_STOP_SEQUENCES) {
      invalid("params.stop", "params.stop has " + stop.size() + " entries; at most "
          + TaskParams.MAX_STOP_SEQUENCES + " are allowed");
    }
    for (int i = 0; i < stop.size(); i++) {
      String field = "params.stop[" + i + "]";
      String s = stop.get(i);
      // Only empty is refused: whitespace such as "\n" is a common, meaningful stop sequence.
      if (s == null || s.isEmpty()) {
        invalid(field, field + " must not be empty");
      } else if (s.length() > TaskParams.MAX_STOP_SEQUENCE_CHARS) {
        invalid(field, field + " is " + s.length() + " characters; at most "
            + TaskParams.MAX_STOP_SEQUENCE_CHARS + " are allowed");
      }
    }
  }

  private void checkRequirements(Requirements req) {
    if (req == null) {
      return;
    }
    checkName("requirements.model", req.model());
    checkName("requirements.family", req.family());
    checkName("requirements.tier", req.tier());
    if (req.minContext() != null && req.minContext() < 1) {
      invalid("requirements.minContext", "requirements.minContext must be at least 1 (got " + req.minContext() + ")");
    }
    if (req.objective() != null && !Requirements.OBJECTIVES.contains(req.objective().toLowerCase(Locale.ROOT))) {
      invalid("requirements.objective", "requirements.objective must be one of " + String.join(", ",
          Requirements.OBJECTIVES) + " (got '" + req.objective() + "')");
    }
    if (req.fallback() != null && !Fallback.known(req.fallback())) {
      invalid("requirements.fallback", "requirements.fallback must be one of " + Fallback.WIRE_NAMES + " (got '"
          + req.fallback() + "')");
    }
    if (req.localOnly() && req.allowCloud()) {
      invalid("requirements.allowCloud", "requirements.allowCloud contradicts requirements.localOnly: a local-only"
          + " task never reaches a cloud model");
    }
  }

  private void checkName(String field, String name) {
    if (name == null) {
      return;
    }
    if (name.isBlank()) {
      invalid(field, field + " must not be blank");
    } else if (name.length() > MAX_MODEL_NAME_CHARS) {
      invalid(field, field + " is " + name.length() + " characters; at most " + MAX_MODEL_NAME_CHARS + " are allowed");
    }
  }

  private void checkIdempotencyKey(String key) {
    if (key == null) {
      return;
    }
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS) {
      invalid("idempotencyKey", "idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY_CHARS
          + " characters (got " + key.length() + ")");
    } else if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      invalid("idempotencyKey", "idempotencyKey may contain only letters, digits and . _ : -");
    }
  }

  private void checkDeadline(TaskRequest r) {
    if (r.deadline() != null && !r.deadline().isAfter(now)) {
      invalid("deadline", "deadline " + r.deadline() + " is not in the future (now is " + now + ")");
    }
    Integer t = r.timeoutSeconds();
    if (t != null && (t < 1 || t > MAX_TIMEOUT_SECONDS)) {
      invalid("timeoutSeconds", "timeoutSeconds must be between 1 and " + MAX_TIMEOUT_SECONDS + " (got " + t + ")");
    }
  }

  private void invalid(String field, String message) {
    errors.add(FieldError.invalid(field, message));
  }

  private void missing(String field, String message) {
    errors.add(FieldError.missing(field, message));
  }

}
