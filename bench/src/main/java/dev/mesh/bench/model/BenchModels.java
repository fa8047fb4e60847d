package dev.mesh.bench.model;

import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.process.MeshCli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The models benchmarks run: the shared real tiny model when it is intact, synthetic ones written by {@code mesh model synth}. */
public final class BenchModels {
  /** Where a checkout finds the shared tiny model: beside the project folder, as CI lays it out. */
  public static final String STORIES_BESIDE_HOME = "../shared/models/stories260K.gguf";
  public static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";
  private static final String STORIES_PROPERTY = "mesh.bench.model";

  private BenchModels() {}

  /** stories260K (path overridable with -Dmesh.bench.model), or a synthetic stand-in, said so in its note. */
  public static BenchModel stories(BenchEnv env) throws IOException, InterruptedException {
    Path path = Path.of(System.getProperty(STORIES_PROPERTY, env.home().resolve(STORIES_BESIDE_HOME).normalize()
        .toString()));
    String problem = !Files.isRegularFile(path) ? path + " is absent"
        : !STORIES_SHA256.equals(sha256(path)) ? path + " does not have the expected sha256" : null;
    if (problem == null) {
      return new BenchModel("stories260K", path, false, "");
    }
    BenchModel standIn = synth(env, "synth-default");
    return new BenchModel(standIn.label(), standIn.path(), true,
        problem + ": using a synthetic model instead (random weights, nonsense text)");
  }

  /** Writes a synthetic llama GGUF with {@code mesh model synth --out FILE synthArgs...}. */
  public static BenchModel synth(BenchEnv env, String label, String... synthArgs)
      throws IOException, InterruptedException {
    Path out = Files.createDirectories(env.workDir().resolve("models")).resolve(label + ".gguf");
    List<String> args = new ArrayList<>(List.of("model", "synth", "--out", out.toString()));
    args.addAll(List.of(synthArgs));
    MeshCli.run(env, args.toArray(String[]::new));
    return new BenchModel(label, out, true, "");
  }

  static String sha256(Path file) throws IOException {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
