package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** A sentence embedding (last-token pooling) and the text's token count. The array is the caller's to keep. */
public record EmbedResult(float[] vector, int tokens) {

  static EmbedResult fromWire(JsonNode embedded) {
    JsonNode values = embedded.path("vector");
    float[] vector = new float[values.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) values.get(i).asDouble();
    }
    return new EmbedResult(vector, embedded.path("tokens").asInt());
  }
}
