package dev.mesh.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileSealTest {
  private final MeshKey key = MeshKey.generate();
  private final FileSeal seal = FileSeal.with(key, Optional.empty());

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedFileVerifiesToItsOriginalBytes() {
    byte[] json = bytes("{\"a\":\"x,\\\"mac\\\":\\\"y\",\"b\":[1,2]}");
    byte[] signed = seal.sign("task/t1", json);
    FileSeal.Verdict v = seal.verify("task/t1", signed);
    assertThat(v).isInstanceOf(FileSeal.Verdict.Signed.class);
    assertThat(((FileSeal.Verdict.Signed) v).json()).isEqualTo(json);
  }

  @Test
  void anotherPurposeAChangeOrAnotherKeyIsForgedAndNoMacIsUnsigned() {
    byte[] signed = seal.sign("task/t1", bytes("{\"a\":1}"));
    assertThat(seal.verify("result/t1", signed)).isInstanceOf(FileSeal.Verdict.Forged.class);
    byte[] changed = new String(signed, StandardCharsets.UTF_8).replace("1", "2").getBytes(StandardCharsets.UTF_8);
    assertThat(seal.verify("task/t1", changed)).isInstanceOf(FileSeal.Verdict.Forged.class);
    byte[] foreign = FileSeal.with(MeshKey.generate(), Optional.empty()).sign("task/t1", bytes("{\"a\":1}"));
    assertThat(seal.verify("task/t1", foreign)).isInstanceOf(FileSeal.Verdict.Forged.class);
    assertThat(seal.verify("task/t1", bytes("{\"a\":1}"))).isInstanceOf(FileSeal.Verdict.Unsigned.class);
    FileSeal rotating = FileSeal.with(MeshKey.generate(), Optional.of(key));
    assertThat(rotating.verify("task/t1", signed)).isInstanceOf(FileSeal.Verdict.Signed.class);
  }

  @Test
  void withoutAKeyNothingIsSignedAndAMacIsOnlyStripped() {
    byte[] json = bytes("{\"a\":1}");
    assertThat(FileSeal.none().sign("task/t1", json)).isEqualTo(json);
    FileSeal.Verdict v = FileSeal.none().verify("task/t1", seal.sign("task/t1", json));
    assertThat(v).isInstanceOf(FileSeal.Verdict.Unsigned.class);
    assertThat(((FileSeal.Verdict.Unsigned) v).json()).isEqualTo(json);
  }
}
