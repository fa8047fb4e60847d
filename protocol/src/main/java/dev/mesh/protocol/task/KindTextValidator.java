package dev.mesh.protocol.task;

import static dev.mesh.protocol.task.TaskValidator.MAX_LABELS;
import static dev.mesh.protocol.task.TaskValidator.MAX_LABEL_CHARS;
import static dev.mesh.protocol.task.TaskValidator.MAX_MESSAGES;
import static dev.mesh.protocol.task.TaskValidator.MIN_LABELS;

import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of {@link TaskValidator} that depends on the kind: checks the text field(s) the
 * kind reads (prompt, labels, messages, input) and nothing else.
 */
final class KindTextValidator {
  private final int maxPromptChars;
  private final List<FieldError> errors;

  KindTextValidator(int maxPromptChars, List<FieldError> errors) {
    this.maxPromptChars = maxPromptChars;
    this.errors = errors;
  }

  void check(TaskRequest r) {
    if (r.kind() == null) {
      missing("kind", "kind is required; one of " + TaskKind.WIRE_NAMES);
      return;
    }
    switch (r.kind()) {
      case GENERATE, SUMMARIZE -> checkText("prompt", r.prompt(), r.kind());
      case CLASSIFY -> {
        checkText("prompt", r.prompt(), r.kind());
        checkLabels(r.labels());
      }
      case SCORE -> {
        checkText("prompt", r.prompt(), r.kind());
        checkScoring(r.scoring());
      }
      case EXTRACT -> {
        checkText("prompt", r.prompt(), r.kind());
        if (r.schema() == null) {
          missing("schema", "schema is required for kind extract (a JSON Schema for the fields to extract)");
        }
      }
      case CHAT -> checkMessages(r.messages());
      case EMBED -> checkText("input", r.input(), r.kind());
    }
    if (r.constrainedToSchema()) {
      JsonSchemas.problems(r.schema()).forEach(problem -> invalid("schema", "schema " + problem));
    }
  }

  private void checkScoring(Scoring s) {
    if (s == null) {
      return;
    }
    long min = s.minOrDefault();
    long max = s.maxOrDefault();
    if (min >= max) {
      invalid("scoring", "scoring.min (" + min + ") must be less than scoring.max (" + max + ")");
    } else if (max - min > Scoring.MAX_SPAN) {
      invalid("scoring", "scoring spans " + (max - min) + "; at most " + Scoring.MAX_SPAN + " is allowed");
    }
    if (s.criteria() != null && s.criteria().length() > Scoring.MAX_CRITERIA_CHARS) {
      invalid("scoring.criteria", "scoring.criteria is " + s.criteria().length() + " characters; at most "
          + Scoring.MAX_CRITERIA_CHARS + " are allowed");
    }
  }

  private void checkText(String field, String value, TaskKind kind) {
    if (value == null) {
      missing(field, field + " is required for kind " + kind.wire());
    } else if (value.isBlank()) {
      invalid(field, field + " must not be blank");
    } else if (value.length() > maxPromptChars) {
      tooLong(field, field + " is " + value.length() + " characters; the limit is " + maxPromptChars);
    }
  }

  private void checkLabels(List<String> labels) {
    if (labels == null) {
      missing("labels", "labels is required for kind classify");
      return;
    }
    if (labels.size() < MIN_LABELS || labels.size() > MAX_LABELS) {
      invalid("labels", "labels must have between " + MIN_LABELS + " and " + MAX_LABELS
          + " entries (got " + labels.size() + ")");
    }
    // Distinct ignoring case and surrounding space: the model's answer is matched that way.
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      String field = "labels[" + i + "]";
      String label = labels.get(i);
      if (label == null || label.isBlank()) {
        invalid(field, field + " must not be blank");
      } else if (label.length() > MAX_LABEL_CHARS) {
        invalid(field, field + " is " + label.length() + " characters; at most " + MAX_LABEL_CHARS + " are allowed");
      } else {
        Integer first = seen.putIfAbsent(label.strip().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          invalid(field, field + " '" + label + "' repeats labels[" + first + "]");
        }
      }
    }
  }

  private void checkMessages(List<ChatMessage> messages) {
    if (messages == null) {
      missing("messages", "messages is required for kind chat");
      return;
    }
    if (messages.isEmpty()) {
      invalid("messages", "messages must not be empty");
      return;
    }
    if (messages.size() > MAX_MESSAGES) {
      invalid("messages", "messages has " + messages.size() + " entries; at most " + MAX_MESSAGES + " are allowed");
    }
    long totalChars = 0;
    for (int i = 0; i < messages.size(); i++) {
      checkMessage(i, messages.get(i));
      ChatMessage m = messages.get(i);
      totalChars += m == null || m.content() == null ? 0 : m.content().length();
    }
    checkLastIsFromUser(messages);
    if (totalChars > maxPromptChars) {
      tooLong("messages", "messages hold " + totalChars + " characters in all; the limit is " + maxPromptChars);
    }
  }

  private void checkMessage(int i, ChatMessage m) {
    String field = "messages[" + i + "]";
    if (m == null) {
      invalid(field, field + " must be an object with role and content");
      return;
    }
    if (m.role() == null) {
      missing(field + ".role", field + ".role is required; one of " + String.join(", ", ChatMessage.ROLES));
    } else if (!ChatMessage.ROLES.contains(m.role())) {
      invalid(field + ".role", field + ".role must be one of " + String.join(", ", ChatMessage.ROLES)
          + " (got '" + m.role() + "')");
    }
    if (m.content() == null) {
      missing(field + ".content", field + ".content is required");
    } else if (m.content().isBlank()) {
      invalid(field + ".content", field + ".content must not be blank");
    }
  }

  // The model answers the last message; if that isn't the user's, there is nothing to answer.
  private void checkLastIsFromUser(List<ChatMessage> messages) {
    int last = messages.size() - 1;
    ChatMessage m = messages.get(last);
    // a missing role is reported by checkMessage (List.of(..).contains(null) would throw)
    if (m != null && m.role() != null && ChatMessage.ROLES.contains(m.role()) && !ChatMessage.USER.equals(m.role())) {
      String field = "messages[" + last + "].role";
      invalid(field, "the last message must be from user; " + field + " is '" + m.role() + "'");
    }
  }

  private void invalid(String field, String message) {
    errors.add(FieldError.invalid(field, message));
  }

  private void missing(String field, String message) {
    errors.add(FieldError.missing(field, message));
  }

  private void tooLong(String field, String message) {
    errors.add(new FieldError(field, message, ErrorCodes.PROMPT_TOO_LONG));
  }
}
