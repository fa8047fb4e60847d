package dev.mesh.node.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  /** printf '%s' '1700000000.d-1.{"a":1}' | openssl dgst -sha256 -hmac 'secret-0123456789abcdef' */
  private static final String OPENSSL = "421a739f35fd5f11a3c35cfda163ff863085b328a0d22d37bcb861950bd20a55";
  private final Signature signature = new Signature("secret-0123456789abcdef");

  @Test
  void signsTimestampDeliveryAndBodyAsOpensslDoes() {
    assertThat(signature.sign(1_700_000_000L, "d-1", BODY)).isEqualTo("sha256=" + OPENSSL);
  }

  @Test
  void verifiesGithubStyleBareAndUppercaseHex() {
    assertThat(signature.verify("sha256=" + OPENSSL, "1700000000", "d-1", BODY)).isTrue();
    assertThat(signature.verify(OPENSSL, "1700000000", "d-1", BODY)).isTrue();
    assertThat(signature.verify("SHA256=" + OPENSSL.toUpperCase(), "1700000000", "d-1", BODY)).isTrue();
  }

  @Test
  void anyChangeToBodyTimestampDeliveryOrSecretFails() {
    String good = "sha256=" + OPENSSL;
    assertThat(signature.verify(good, "1700000000", "d-1", "{\"a\":2}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(signature.verify(good, "1700000001", "d-1", BODY)).isFalse();
    assertThat(signature.verify(good, "1700000000", "d-2", BODY)).isFalse();
    assertThat(new Signature("another-secret-0123456").verify(good, "1700000000", "d-1", BODY)).isFalse();
    assertThat(signature.verify("sha256=zz", "1700000000", "d-1", BODY)).isFalse();
    assertThat(signature.verify("sha256=" + OPENSSL.substring(2), "1700000000", "d-1", BODY)).isFalse();
    assertThat(signature.verify(null, "1700000000", "d-1", BODY)).isFalse();
  }
}
