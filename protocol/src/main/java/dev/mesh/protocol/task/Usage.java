package dev.mesh.protocol.task;

/** Tokens a task consumed: prompt tokens read, completion tokens generated (0 for embeddings). */
public record Usage(int promptTokens, int completionTokens) {
  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative: prompt " + promptTokens + ", completion " + completionTokens);
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
