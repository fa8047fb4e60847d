package dev.mesh.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Only standard UTF-8 becomes text: what Jackson alone would take (an overlong slash) is refused, naming the field. */
class StrictUtf8Test {
  private static byte[] json(String before, int[] raw, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static ValidationException refused(byte[] body) {
    try {
      TaskCodec.decodeRequest(body);
    } catch (ValidationException e) {
      return e;
    }
    throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void anOverlongSlashInAPromptIsRefusedNamingThePrompt() {
    ValidationException e = refused(json("{\"kind\":\"generate\",\"prompt\":\"a", new int[] {0xC0, 0xAF}, "b\"}"));
    assertThat(e.toApiError().field()).isEqualTo("prompt");
    assertThat(e.getMessage()).contains("not valid UTF-8").contains("C0 AF").contains("at byte 30");
  }

  @Test
  void aSurrogateAnOverlongThreeByteFormAndACodePointPastTheLastAreRefusedWhereTheyAre() {
    assertThat(refused(json("{\"kind\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x",
        new int[] {0xED, 0xA0, 0x80}, "\"}]}")).toApiError().field()).isEqualTo("messages[0].content");
    assertThat(refused(json("{\"kind\":\"generate\",\"prompt\":\"", new int[] {0xE0, 0x80, 0xAF}, "\"}"))
        .toApiError().field()).isEqualTo("prompt");
    assertThat(refused(json("{\"kind\":\"generate\",\"prompt\":\"", new int[] {0xF4, 0x90, 0x80, 0x80}, "\"}"))
        .toApiError().field()).isEqualTo("prompt");
    ValidationException inAName = refused(json("{\"kind\":\"generate\",\"pr", new int[] {0xC1, 0x81}, "\":\"x\"}"));
    assertThat(inAName.getMessage()).startsWith("body is not valid UTF-8: bytes C1 81 at byte 22");
    assertThat(inAName.toApiError().field()).isNull();
  }

  @Test
  void wellFormedTextOfEveryLengthIsTaken() {
    String text = "a/é€😀 — ünïcødé";
    assertThat(TaskCodec.decodeRequest(("{\"kind\":\"generate\",\"prompt\":\"" + text + "\"}")
        .getBytes(StandardCharsets.UTF_8)).prompt()).isEqualTo(text);
    byte[] big = ("{\"kind\":\"generate\",\"prompt\":\"" + "é".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertThat(StrictUtf8.firstMalformed(big)).isEqualTo(-1);
  }

  @Test
  void bytesThatAreNotJsonAreStillCheckedAndNamedByWhatTheyAre() {
    assertThatThrownBy(() -> StrictUtf8.check(new byte[] {'a', (byte) 0xFF}, "task file"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("task file is not valid UTF-8")
        .hasMessageContaining("at byte 1");
  }
}
