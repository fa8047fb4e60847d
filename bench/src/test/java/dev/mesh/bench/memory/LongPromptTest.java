package dev.mesh.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LongPromptTest {
  // the synthetic byte vocabulary: the 121-byte story costs BOS + "▁" (3 bytes) + 121 bytes + 2 more for each of
  // its 26 spaces (a space is "▁"); a second copy adds 173
  private static final int BYTE_VOCAB_ONE = 177;
  private static final int BYTE_VOCAB_TWO = 350;
  private static final int STORY_BYTES = 121;

  @Test
  void fillsTheContextByTheRealCountLeavingRoomForTheGeneration() {
    int copies = LongPrompt.copies(BYTE_VOCAB_ONE, BYTE_VOCAB_TWO, STORY_BYTES, 2048, 128);
    int tokens = BYTE_VOCAB_ONE + (BYTE_VOCAB_TWO - BYTE_VOCAB_ONE) * (copies - 1);

    assertThat(tokens + 128).isLessThanOrEqualTo(2048 - LongPrompt.SPARE_TOKENS);
    assertThat(tokens + (BYTE_VOCAB_TWO - BYTE_VOCAB_ONE) + 128).as("one copy more would not fit").isGreaterThan(2048 - LongPrompt.SPARE_TOKENS);
  }

  @Test
  void aTokenizerThatPacksTextIsHeldToRoutingsGuessFromBytes() {
    // 30 tokens a copy: by the real count 63 copies would fit, but routing guesses 121 / 3 tokens a copy
    int copies = LongPrompt.copies(31, 61, STORY_BYTES, 2048, 128);

    assertThat(copies).isEqualTo((2048 - 128 - 1) * 3 / STORY_BYTES);
    assertThat(Math.ceil(copies * STORY_BYTES / 3.0) + 1 + 128).isLessThanOrEqualTo(2048);
  }

  @Test
  void refusesAContextTooSmallForOneCopy() {
    assertThatThrownBy(() -> LongPrompt.copies(BYTE_VOCAB_ONE, BYTE_VOCAB_TWO, STORY_BYTES, 256, 128))
        .hasMessageContaining("not one story copy (177 tokens) fits a 256-token context");
  }

  @Test
  void aStoryCopyThatCostsNothingIsAnError() {
    assertThatThrownBy(() -> LongPrompt.copies(40, 40, STORY_BYTES, 2048, 128))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
