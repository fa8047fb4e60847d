package dev.mesh.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Models for real-inference tests: the shared stories260K (checked by sha256) when present — CI has
 * it — otherwise a synthetic model, with weaker assertions, said out loud in the test output.
 */
public final class TestModels {
  public static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
  /** stories260K's embedding width. */
  public static final int STORIES_DIM = 64;
  /** Context of {@link #syntheticLongContext()}: room for generations that take seconds. */
  public static final int LONG_CONTEXT_TOKENS = 16384;
  private static Path synthetic;
  private static Path syntheticLong;
  private static Path syntheticSlow;
  private static Path syntheticSlowLong;

  private TestModels() {}

  /** stories260K if this checkout has ../shared beside it; fails if the file is there but is not the right one. */
  public static synchronized Optional<Path> stories260K() throws IOException {
    String configured = System.getProperty("mesh.test.model", "");
    Path path = configured.isBlank() ? Path.of("../../shared/models/stories260K.gguf") : Path.of(configured);
    if (!Files.isRegularFile(path)) {
      System.out.println("NOTE: stories260K.gguf not found at " + path.toAbsolutePath()
          + ": running on a synthetic model instead (no coherence checks)");
      return Optional.empty();
    }
    assertThat(sha256(path)).as("sha256 of %s (see ../shared/models/README.md)", path).isEqualTo(STORIES_SHA256);
    return Optional.of(path.toAbsolutePath().normalize());
  }

  /** A small synthetic llama GGUF (never emits end-of-text: generation runs to maxTokens), written once per JVM. */
  public static synchronized Path synthetic() throws IOException {
    if (synthetic == null) {
      Path dir = Files.createTempDirectory("mesh-test-models-");
      synthetic = dir.resolve("synthetic.gguf");
      SyntheticModel.write(SyntheticModel.Spec.defaults(), synthetic);
    }
    return synthetic;
  }

  /**
   * The synthetic model with a {@value #LONG_CONTEXT_TOKENS}-token context, written once per JVM: a
   * generation of many thousand tokens keeps a node busy for seconds (a task to kill or freeze mid-run).
   */
  public static synchronized Path syntheticLongContext() throws IOException {
    if (syntheticLong == null) {
      Path dir = Files.createTempDirectory("mesh-test-models-");
      syntheticLong = dir.resolve("synthetic-long.gguf");
      SyntheticModel.Spec d = SyntheticModel.Spec.defaults();
      SyntheticModel.write(new SyntheticModel.Spec(d.layers(), d.dim(), d.ffDim(), d.heads(), d.kvHeads(),
          LONG_CONTEXT_TOKENS, d.quant(), d.seed()), syntheticLong);
    }
    return syntheticLong;
  }

  /**
   * A synthetic model about 13x the compute of {@link #synthetic()} per token (6 layers of 384): a node serving it
   * is measured markedly slower, so routing prefers a node serving the small one.
   */
  public static synchronized Path syntheticSlow() throws IOException {
    if (syntheticSlow == null) {
      Path dir = Files.createTempDirectory("mesh-test-models-");
      syntheticSlow = dir.resolve("synthetic-slow.gguf");
      SyntheticModel.Spec d = SyntheticModel.Spec.defaults();
      SyntheticModel.write(new SyntheticModel.Spec(6, 384, 1024, 6, 6, d.ctx(), d.quant(), d.seed()), syntheticSlow);
    }
    return syntheticSlow;
  }

  /**
   * {@link #syntheticSlow()}'s shape with a {@value #LONG_CONTEXT_TOKENS}-token context, written once per JVM: a
   * generation of thousands of tokens takes tens of seconds, long enough to stop one visibly half-way.
   */
  public static synchronized Path syntheticSlowLongContext() throws IOException {
    if (syntheticSlowLong == null) {
      Path dir = Files.createTempDirectory("mesh-test-models-");
      syntheticSlowLong = dir.resolve("synthetic-slow-long.gguf");
      SyntheticModel.Spec d = SyntheticModel.Spec.defaults();
      SyntheticModel.write(new SyntheticModel.Spec(6, 384, 1024, 6, 6, LONG_CONTEXT_TOKENS, d.quant(), d.seed()),
          syntheticSlowLong);
    }
    return syntheticSlowLong;
  }

  static String sha256(Path path) throws IOException {
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
