package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Speeds measured by one real greedy generation in the engine. */
public record BenchResult(double prefillTokensPerSecond, double decodeTokensPerSecond) {

  static BenchResult fromWire(JsonNode benched) {
    return new BenchResult(benched.path("prefillTokensPerSecond").asDouble(),
        benched.path("decodeTokensPerSecond").asDouble());
  }
}
