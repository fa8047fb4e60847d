package dev.mesh.bench.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.bench.process.NodeProcess;
import java.time.Duration;

/** Generation through a running node: {@code POST /v1/tasks?wait=...}, timed by the node's engine and by us. */
final class NodePath implements GenerationPath {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final long NANOS_PER_MS = 1_000_000;
  private final NodeProcess node;

  NodePath(NodeProcess node) {
    this.node = node;
  }

  @Override
  public String name() {
    return "node";
  }

  /** Engine timings come in whole milliseconds: at ~400 ms of decode that is a 0.25% resolution. */
  @Override
  public Generation generate(String prompt, int maxTokens) throws Exception {
    long start = System.nanoTime();
    JsonNode result = node.generate(prompt, maxTokens, WAIT);
    long wall = System.nanoTime() - start;
    JsonNode timings = result.path("timings");
    return new Generation(result.path("usage").path("completionTokens").asInt(),
        timings.path("prefillMs").asLong() * NANOS_PER_MS, timings.path("decodeMs").asLong() * NANOS_PER_MS, wall,
        timings.path("queuedMs").asLong() * NANOS_PER_MS, timings.path("totalMs").asLong() * NANOS_PER_MS);
  }
}
