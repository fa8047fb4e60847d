package dev.mesh.bench.decode;

/** A way to run a greedy generation: through the node's HTTP API, or java-llama.cpp in this JVM. */
interface GenerationPath {
  String name();

  Generation generate(String prompt, int maxTokens) throws Exception;
}
