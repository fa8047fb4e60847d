package dev.mesh.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshKeyTest {
  @TempDir Path dir;

  @Test
  void aWrittenKeyIsReadBackOwnerOnlyAndNeverShown() throws IOException {
    MeshKey key = MeshKey.generate();
    Path file = dir.resolve("mesh.key");
    key.write(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    MeshKey read = MeshKey.read(file);
    assertThat(read.id()).isEqualTo(key.id()).hasSize(16);
    assertThat(read.toString()).doesNotContain(Files.readString(file).strip());
    assertThatThrownBy(() -> key.write(file)).isInstanceOf(IOException.class);
  }

  @Test
  void aBadKeyFileSaysWhatIsWrongWithoutQuotingIt() throws IOException {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, "hunter2-not-a-key\n");
    assertThatThrownBy(() -> MeshKey.read(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("64 hex digits").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> MeshKey.read(dir.resolve("missing.key"))).hasMessageContaining("does not exist");
  }
}
