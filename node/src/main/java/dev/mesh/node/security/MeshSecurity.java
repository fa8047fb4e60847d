package dev.mesh.node.security;

import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.ConfigPaths;
import dev.mesh.node.config.SecurityConfig;
import dev.mesh.protocol.seal.KeyedSealing;
import dev.mesh.protocol.seal.MeshKey;
import dev.mesh.protocol.seal.Sealing;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A node's sealing (from {@code security:} in its config) and the log of what failed to open. */
public record MeshSecurity(Sealing sealing, UntrustedLog untrusted) {
  private static final Logger LOG = LoggerFactory.getLogger(MeshSecurity.class);
  /** How long a previous key opens when the config does not say. */
  static final Duration PREVIOUS_KEY_DEFAULT = Duration.ofHours(24);

  /** No mesh key: nothing sealed, nothing refused for lack of a seal. */
  public static MeshSecurity off(Clock clock) {
    return new MeshSecurity(new Sealing.Off(), new UntrustedLog(clock));
  }

  /** Reads the key files; a missing or bad one stops the node with a message naming the file, never the key. */
  public static MeshSecurity from(SecurityConfig config, String nodeName, Clock clock) {
    if (!config.keyed()) {
      return off(clock);
    }
    MeshKey current = read("security.meshKeyFile", config.meshKeyFile());
    Optional<MeshKey> previous = Optional.ofNullable(config.previousKeyFile())
        .map(file -> read("security.previousKeyFile", file));
    Instant until = config.previousKeyUntil() != null ? Instant.parse(config.previousKeyUntil())
        : clock.instant().plus(PREVIOUS_KEY_DEFAULT);
    LOG.info("mesh key {}: everything this node sends to the cluster is sealed with it{}", current.id(),
        previous.map(p -> "; previous key " + p.id() + " accepted until " + until).orElse(""));
    return new MeshSecurity(new KeyedSealing(current, previous, until, nodeName,
        Duration.ofSeconds(config.replayWindowSeconds()), clock), new UntrustedLog(clock));
  }

  private static MeshKey read(String setting, String file) {
    try {
      return MeshKey.read(ConfigPaths.expand(file));
    } catch (IOException e) {
      throw new ConfigException(setting + ": " + e.getMessage());
    }
  }
}
