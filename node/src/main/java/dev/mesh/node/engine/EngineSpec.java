package dev.mesh.node.engine;

import dev.mesh.protocol.task.Pooling;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to start one engine process: the model it serves, llama.cpp's sizes, and the JVM to run it in.
 *
 * @param model         the GGUF file; {@code null} only for a probe that loads no model
 * @param contextTokens llama.cpp context size (n_ctx), > 0
 * @param threads       inference threads, > 0
 * @param batchTokens   logical and physical batch size, > 0 (also the longest text {@code embed} accepts)
 * @param workDir       the engine's own folder: engine.log, native library temp dir, JVM crash reports
 * @param jvmArgs       options for the child JVM; {@code null} means {@link #DEFAULT_JVM_ARGS}
 * @param javaCommand   the java executable; {@code null} means this JVM's own
 * @param classpath     the child's classpath; {@code null} means this JVM's {@code java.class.path}
 * @param niceness      0..19; above 0 the child runs under {@code nice -n} so inference can't starve heartbeats
 * @param pooling       how embeddings are pooled; {@code null} means LAST (a decoder-only model's sentence vector)
 */
public record EngineSpec(Path model, int contextTokens, int threads, int batchTokens, Path workDir,
             List<String> jvmArgs, String javaCommand, String classpath, int niceness, Pooling pooling) {

  /** A small heap is enough: model weights and KV cache live in native memory, not on the Java heap. */
  public static final List<String> DEFAULT_JVM_ARGS = List.of(
      "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
  public static final int DEFAULT_CONTEXT_TOKENS = 2048;
  public static final int DEFAULT_BATCH_TOKENS = 512;

  public EngineSpec {
    Objects.requireNonNull(workDir, "workDir is required");
    require(contextTokens > 0, "contextTokens must be > 0, was " + contextTokens);
    require(threads > 0, "threads must be > 0, was " + threads);
    require(batchTokens > 0, "batchTokens must be > 0, was " + batchTokens);
    require(niceness >= 0 && niceness <= 19, "niceness must be 0..19, was " + niceness);
    jvmArgs = jvmArgs == null ? DEFAULT_JVM_ARGS : List.copyOf(jvmArgs);
    javaCommand = javaCommand == null || javaCommand.isBlank() ? defaultJavaCommand() : javaCommand;
    pooling = pooling == null ? Pooling.LAST : pooling;
    classpath = absolute(classpath == null || classpath.isBlank() ? System.getProperty("java.class.path") : classpath);
  }

  /** Defaults for everything but the model and the folder: 2048 tokens, all cores but one, this JVM, niceness 5. */
  public static EngineSpec of(Path model, Path workDir) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    return new EngineSpec(model, DEFAULT_CONTEXT_TOKENS, threads, DEFAULT_BATCH_TOKENS, workDir,
        null, null, null, 5, Pooling.LAST);
  }

  public EngineSpec withContext(int contextTokens, int threads, int batchTokens) {
    return new EngineSpec(model, contextTokens, threads, batchTokens, workDir, jvmArgs, javaCommand, classpath,
        niceness, pooling);
  }

  public EngineSpec withNiceness(int niceness) {
    return new EngineSpec(model, contextTokens, threads, batchTokens, workDir, jvmArgs, javaCommand, classpath,
        niceness, pooling);
  }

  public EngineSpec withJava(String javaCommand, List<String> jvmArgs) {
    return new EngineSpec(model, contextTokens, threads, batchTokens, workDir, jvmArgs, javaCommand, classpath,
        niceness, pooling);
  }

  public EngineSpec withPooling(Pooling newPooling) {
    return new EngineSpec(model, contextTokens, threads, batchTokens, workDir, jvmArgs, javaCommand, classpath,
        niceness, newPooling);
  }

  /** A spec without a pooling of its own (LAST). */
  public EngineSpec(Path model, int contextTokens, int threads, int batchTokens, Path workDir, List<String> jvmArgs,
      String javaCommand, String classpath, int niceness) {
    this(model, contextTokens, threads, batchTokens, workDir, jvmArgs, javaCommand, classpath, niceness, null);
  }

  static String defaultJavaCommand() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The child runs in its own work folder: a relative entry like {@code node/target/mesh-node.jar} would not resolve there. */
  private static String absolute(String classpath) {
    return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }
}
