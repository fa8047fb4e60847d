package dev.mesh.node.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The OpenAI and Ollama APIs' bodies: JSON objects of strict UTF-8, or a 400 naming what is wrong and where. */
class JsonBodyTest {
  @Test
  void anOverlongFormInAMessageIsRefusedNamingTheField() {
    byte[] head = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 5];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xC0;
    body[head.length + 1] = (byte) 0xAF;
    body[head.length + 2] = '"';
    body[head.length + 3] = '}';
    body[head.length + 4] = ']';
    assertThatThrownBy(() -> JsonBody.parse(body)).isInstanceOf(ValidationException.class)
        .satisfies(e -> {
          var error = JsonBody.refusal(e);
          assertThat(error.code()).isEqualTo(ErrorCodes.INVALID_JSON);
          assertThat(error.field()).isEqualTo("messages[0].content");
          assertThat(error.message()).contains("bytes C0 AF");
        });
  }

  @Test
  void wellFormedTextPasses() {
    assertThat(JsonBody.parse("{\"prompt\":\"ünï/€\"}".getBytes(StandardCharsets.UTF_8)).path("prompt").asText())
        .isEqualTo("ünï/€");
  }
}
