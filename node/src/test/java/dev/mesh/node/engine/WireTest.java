package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireTest {

  @Test
  void ignoresLinesWithoutTheMarker() {
    assertThat(Wire.decodeReply("Extracted 'libjllama.so' to '/tmp/x'")).isEmpty();
    assertThat(Wire.decodeReply("{\"id\":1,\"op\":\"done\"}")).isEmpty();
  }

  @Test
  void findsAReplyAfterNativeOutputLeftWithoutANewline() {
    String line = "partial native print" + Wire.MARKER + Wire.encode(Wire.message(3, "token").put("text", "a\nb"));

    assertThat(Wire.decodeReply(line)).hasValueSatisfying(reply -> {
      assertThat(reply.path("id").asLong()).isEqualTo(3);
      assertThat(reply.path("text").asText()).isEqualTo("a\nb");
    });
  }

  @Test
  void rejectsMalformedRequestsWithTheReason() {
    assertThatThrownBy(() -> Wire.decode("{\"id\":")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> Wire.decode("[1]")).hasMessageStartingWith("not a JSON object");
  }
}
