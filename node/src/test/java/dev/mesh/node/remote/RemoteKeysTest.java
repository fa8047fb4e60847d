package dev.mesh.node.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.RemoteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote's key, read from where the config points; a pointer to nothing stops the start, never showing a key. */
class RemoteKeysTest {
  private static RemoteConfig remote(String env, String file) {
    return new RemoteConfig("cloud", "openai", "https://x/v1", "cloud", env, file, List.of(), null, null, null, null);
  }

  @Test
  void aKeyComesFromItsVariableOrItsFileTrimmed(@TempDir Path dir) throws Exception {
    assertThat(RemoteKeys.of(remote("K", null), Map.of("K", " sk-abc123\n"))).contains("sk-abc123");
    Path file = dir.resolve("cloud.key");
    Files.writeString(file, "sk-from-file\n");
    assertThat(RemoteKeys.of(remote(null, file.toString()), Map.of())).contains("sk-from-file");
    assertThat(RemoteKeys.of(remote(null, null), Map.of())).isEmpty();
  }

  @Test
  void aMissingVariableOrFileStopsTheStartNamingItNotAKey(@TempDir Path dir) {
    assertThatThrownBy(() -> RemoteKeys.of(remote("CLOUD_API_KEY", null), Map.of("OTHER", "sk-secret")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CLOUD_API_KEY, which is not set")
        .hasMessageNotContaining("sk-secret");
    assertThatThrownBy(() -> RemoteKeys.of(remote(null, dir.resolve("none.key").toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read apiKeyFile");
  }

  @Test
  void aKeyWithSpacesOrControlCharactersIsRefusedWithoutBeingShown() {
    assertThatThrownBy(() -> RemoteKeys.of(remote("K", null), Map.of("K", "sk-half key")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("spaces or control characters")
        .hasMessageNotContaining("sk-half");
  }
}
