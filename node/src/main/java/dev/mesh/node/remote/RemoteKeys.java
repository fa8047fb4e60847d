package dev.mesh.node.remote;

import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.ConfigPaths;
import dev.mesh.node.config.RemoteConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A remote's API key, read where the config points (an environment variable or a file) when the node starts; a
 * pointer to nothing stops the start, naming the variable or file — never the key.
 */
final class RemoteKeys {
  private static final int MAX_KEY_BYTES = 4096;

  private RemoteKeys() {}

  static Optional<String> of(RemoteConfig r, Map<String, String> env) {
    if (r.apiKeyEnv() != null) {
      String value = env.get(r.apiKeyEnv());
      if (value == null || value.isBlank()) {
        throw new ConfigException("remote " + r.name() + ": apiKeyEnv names " + r.apiKeyEnv()
            + ", which is not set");
      }
      return Optional.of(checked(r, value.strip()));
    }
    if (r.apiKeyFile() != null) {
      Path file = ConfigPaths.expand(r.apiKeyFile());
      try {
        if (Files.size(file) > MAX_KEY_BYTES) {
          throw new ConfigException("remote " + r.name() + ": apiKeyFile " + file + " is over " + MAX_KEY_BYTES
              + " bytes: not a key");
        }
        return Optional.of(checked(r, Files.readString(file, StandardCharsets.UTF_8).strip()));
      } catch (IOException e) {
        throw new ConfigException("remote " + r.name() + ": cannot read apiKeyFile " + file + " ("
            + e.getClass().getSimpleName() + ")");
      }
    }
    return Optional.empty();
  }

  /** A key goes into a header: one line of printable characters. */
  private static String checked(RemoteConfig r, String key) {
    if (key.isEmpty() || !key.matches("[\\x21-\\x7e]+")) {
      throw new ConfigException("remote " + r.name() + ": its API key is empty or has spaces or control"
          + " characters");
    }
    return key;
  }
}
