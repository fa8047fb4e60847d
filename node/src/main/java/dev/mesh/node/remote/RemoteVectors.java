package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.remote.RemoteFailure.Kind;

/** An embedding read from a remote's JSON: a non-empty array of finite numbers, or the answer is bad. */
final class RemoteVectors {
  private RemoteVectors() {}

  static float[] of(JsonNode array, RemoteHttp http) {
    if (!array.isArray() || array.isEmpty()) {
      throw http.failure(Kind.BAD_REPLY, "its answer has no embedding");
    }
    float[] vector = new float[array.size()];
    for (int i = 0; i < vector.length; i++) {
      JsonNode v = array.get(i);
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw http.failure(Kind.BAD_REPLY, "its embedding has a value that is not a finite number at " + i);
      }
      vector[i] = (float) v.asDouble();
    }
    return vector;
  }
}
