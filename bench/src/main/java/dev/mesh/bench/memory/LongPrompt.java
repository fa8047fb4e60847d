package dev.mesh.bench.memory;

import dev.mesh.bench.process.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A story prompt that fills a model's context short of the tokens it is to generate, counted with the model's own
 * tokenizer: the node reports the prompt tokens of one and of two copies of the story, and the repeated text costs
 * the difference per copy. It must also pass routing's guess from bytes ({@code TokenEstimate}: 3 bytes a token),
 * which refuses before any tokenizer runs — a vocabulary that packs a story into few tokens (stories260K) is held to
 * that bound, a byte vocabulary (2-3 tokens a space) to the real count.
 */
record LongPrompt(String text, int copies, int expectedTokens) {
  static final String STORY = "Once upon a time there was a little girl named Lily who loved to play in"
      + " the park with her friends and her big red ball. ";
  /** Tokens left free beyond the generation: a copy's boundary may tokenize a little differently. */
  static final int SPARE_TOKENS = 16;
  /** routing's {@code TokenEstimate.BYTES_PER_TOKEN}, and the one token it adds. */
  static final int ROUTER_BYTES_PER_TOKEN = 3;
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Measures the story's cost on {@code node}'s model and sizes the prompt for {@code contextTokens}. */
  static LongPrompt forContext(NodeProcess node, int contextTokens, int generateTokens)
      throws IOException, InterruptedException {
    int one = promptTokens(node, STORY);
    int two = promptTokens(node, STORY.repeat(2));
    int copies = copies(one, two, STORY.getBytes(StandardCharsets.UTF_8).length, contextTokens, generateTokens);
    return new LongPrompt(STORY.repeat(copies), copies, one + (two - one) * (copies - 1));
  }

  /**
   * Copies of a story costing {@code oneCopyTokens} alone and {@code twoCopyTokens} twice that fit a context with
   * room for the generation, both by the real count and by routing's estimate from {@code copyBytes}.
   */
  static int copies(int oneCopyTokens, int twoCopyTokens, int copyBytes, int contextTokens, int generateTokens) {
    int perCopy = twoCopyTokens - oneCopyTokens;
    if (oneCopyTokens < 1 || perCopy < 1 || copyBytes < 1) {
      throw new IllegalArgumentException("a story copy must cost tokens and bytes, was " + oneCopyTokens + " then "
          + twoCopyTokens + " tokens, " + copyBytes + " bytes");
    }
    int budget = contextTokens - generateTokens - SPARE_TOKENS;
    int byTokens = 1 + Math.floorDiv(budget - oneCopyTokens, perCopy);
    int byRouter = (contextTokens - generateTokens - 1) * ROUTER_BYTES_PER_TOKEN / copyBytes;
    int copies = Math.min(byTokens, byRouter);
    if (copies < 1) {
      throw new IllegalArgumentException("not one story copy (" + oneCopyTokens + " tokens) fits a " + contextTokens
          + "-token context beside " + generateTokens + " generated tokens");
    }
    return copies;
  }

  private static int promptTokens(NodeProcess node, String prompt) throws IOException, InterruptedException {
    int tokens = node.generate(prompt, 1, WAIT).path("usage").path("promptTokens").asInt();
    if (tokens < 1) {
      throw new IllegalStateException("the node reported no prompt tokens for a " + prompt.length() + "-char prompt");
    }
    return tokens;
  }
}
