package dev.mesh.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are for one run, from system properties set by {@code bench/run}.
 *
 * @param home      the project folder (holds the {@code mesh} launcher and node/target/mesh-node.jar)
 * @param nodeJar   the node's shaded runnable jar (bench/run passes a copy, safe from rebuilds during the run)
 * @param workDir   a fresh folder for this run: node configs, data folders, logs, synthetic models
 * @param threads   inference threads for every engine and the direct baseline
 */
public record BenchEnv(Path home, Path nodeJar, Path workDir, int threads) {
  public static final String HOME_PROPERTY = "mesh.home";
  public static final String WORK_PROPERTY = "mesh.bench.work";
  public static final String THREADS_PROPERTY = "mesh.bench.threads";
  public static final String NODE_JAR_PROPERTY = "mesh.node.jar";
  /** Another build of the node ({@code MESH_BENCH_BEFORE_JAR}) that benchmarks able to compare run beside this one. */
  public static final String BEFORE_JAR_PROPERTY = "mesh.bench.before.jar";

  public static BenchEnv fromSystemProperties() {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
    Path jar = Path.of(System.getProperty(NODE_JAR_PROPERTY, home.resolve("node/target/mesh-node.jar").toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build with `mvn -B -q -DskipTests install` in " + home);
    }
    int threads = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
    return new BenchEnv(home, jar, createWorkDir(), threads);
  }

  /**
   * The same environment with nodes started from an earlier build ({@code MESH_BENCH_BEFORE_JAR}), when one is
   * given: a change's before and after measured side by side in one run, as the machine's drift hits both alike.
   */
  public java.util.Optional<BenchEnv> before() {
    String jar = System.getProperty(BEFORE_JAR_PROPERTY, "");
    return jar.isBlank() ? java.util.Optional.empty()
        : java.util.Optional.of(new BenchEnv(home, Path.of(jar), workDir, threads));
  }

  /** The launcher script whose JVM options a node is started with. */
  public Path launcher() {
    return home.resolve("mesh");
  }

  /** A new sub-folder of the work folder, e.g. one per node started. */
  public Path newDir(String name) {
    try {
      return Files.createTempDirectory(Files.createDirectories(workDir), name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createWorkDir() {
    String given = System.getProperty(WORK_PROPERTY);
    try {
      return given != null ? Files.createDirectories(Path.of(given)) : Files.createTempDirectory("mesh-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
