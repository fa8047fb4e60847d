package dev.mesh.bench.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One node to start for a benchmark.
 *
 * @param name           node name, also the prefix of its work folder
 * @param model          the one GGUF it serves
 * @param clustered      join a Hazelcast cluster of its own (random name, free port) or run with --no-cluster
 * @param threads        engine.threads
 * @param jvmOptions     the node JVM's options (the launcher's, see {@link LauncherOptions})
 */
public record NodeSpec(String name, Path model, boolean clustered, int threads, List<String> jvmOptions) {
  public static final String MODEL_ID = "bench-model";

  public NodeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    jvmOptions = List.copyOf(jvmOptions);
  }
}
