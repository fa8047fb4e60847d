package dev.mesh.protocol.gguf;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/** The shared stories260K test model: skipped (with a reason) when absent, a failure when altered. */
final class StoriesModel {

  static final String SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
  private static final String PROPERTY = "mesh.test.model";

  private StoriesModel() {
  }

  static Path path() throws IOException {
    Path p = Path.of(System.getProperty(PROPERTY, "../../shared/models/stories260K.gguf"));
    Assumptions.assumeTrue(Files.isRegularFile(p),
        "skipped: stories260K.gguf not found at " + p.toAbsolutePath() + " (set -D" + PROPERTY + "=...)");
    String actual = sha256(p);
    if (!actual.equals(SHA256)) {
      fail(p + " has sha256 " + actual + " but stories260K.gguf must have " + SHA256 + ": replace the file");
    }
    return p;
  }

  private static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
