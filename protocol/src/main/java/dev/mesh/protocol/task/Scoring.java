package dev.mesh.protocol.task;

/**
 * How a {@code score} task rates its text: an integer in {@code [min, max]} (default 0–10) for {@code criteria}
 * (default: how relevant and useful the text is), with a one-line reason when {@code reason} is true.
 * Every field is optional; read them through the {@code ...OrDefault()} accessors.
 */
public record Scoring(Integer min, Integer max, String criteria, Boolean reason) {
  public static final int DEFAULT_MIN = 0;
  public static final int DEFAULT_MAX = 10;
  /** Scales wider than this are not scores any more; llama.cpp's grammar for a range grows with its digits. */
  public static final int MAX_SPAN = 1_000_000;
  public static final int MAX_CRITERIA_CHARS = 500;
  /** A reason is one line: the grammar caps it at this many characters. */
  public static final int REASON_MAX_CHARS = 120;
  /** A character of UTF-8 is up to four byte tokens: the token budget that lets the reason always close. */
  public static final int REASON_MAX_TOKENS = REASON_MAX_CHARS * 4;
  public static final String DEFAULT_CRITERIA = "how relevant and useful the text is";

  public static Scoring defaults() {
    return new Scoring(null, null, null, null);
  }

  public int minOrDefault() {
    return min != null ? min : DEFAULT_MIN;
  }

  public int maxOrDefault() {
    return max != null ? max : DEFAULT_MAX;
  }

  public String criteriaOrDefault() {
    return criteria != null && !criteria.isBlank() ? criteria.strip() : DEFAULT_CRITERIA;
  }

  public boolean reasonOrDefault() {
    return reason != null && reason;
  }
}
