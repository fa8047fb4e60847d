package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/** The shared tiny model (stories260K) for real-inference tests, and polling with a deadline. */
final class TestModel {
  static final String SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
  private static Path verified;

  private TestModel() {
  }

  /** Skips the test when the file is absent (a fresh clone); fails when it is there but not the right file. */
  static synchronized Path stories260K() throws IOException {
    if (verified != null) {
      return verified;
    }
    String configured = System.getProperty("mesh.test.model", "");
    Path path = configured.isBlank() ? Path.of("../../shared/models/stories260K.gguf") : Path.of(configured);
    Assumptions.assumeTrue(Files.isRegularFile(path),
        "stories260K.gguf not found at " + path.toAbsolutePath() + ": skipping real-model engine tests");
    assertThat(sha256(path)).as("sha256 of %s", path).isEqualTo(SHA256);
    verified = path.toAbsolutePath().normalize();
    return verified;
  }

  /** A small engine: 512 tokens, 1 thread (for a 260K model, far faster than 2 on a 2-core box), niceness 5. */
  static EngineSpec spec(Path workDir) throws IOException {
    return EngineSpec.of(stories260K(), workDir).withContext(512, 1, 512);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static String sha256(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
