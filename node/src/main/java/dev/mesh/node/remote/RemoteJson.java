package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.remote.RemoteFailure.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What both APIs' answers are read through, each edge failing as a {@link Kind#BAD_REPLY} (or the remote's own
 * error, sent mid-answer): a piece of a stream, an embedding, a list of model names.
 */
final class RemoteJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RemoteJson() {}

  /** One line (NDJSON) or event (SSE) of a streamed answer: a JSON object, or the error the remote sent instead. */
  static JsonNode piece(String text, String what, RemoteHttp http) {
    JsonNode piece;
    try {
      piece = JSON.readTree(text);
    } catch (IOException e) {
      throw http.failure(Kind.BAD_REPLY, what + " of its answer is not JSON");
    }
    if (piece == null || !piece.isObject()) {
      throw http.failure(Kind.BAD_REPLY, what + " of its answer is not a JSON object");
    }
    if (piece.path("error").isTextual() || piece.path("error").isObject()) {
      throw http.failedMidAnswer(piece);
    }
    return piece;
  }

  /** An embedding: a non-empty array of finite numbers. */
  static float[] vector(JsonNode array, RemoteHttp http) {
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

  /** The {@code field} of each entry of the reply's {@code list} ({@code /api/tags} models' names, {@code /models} ids). */
  static List<String> names(JsonNode reply, String list, String field, String endpoint, RemoteHttp http) {
    JsonNode entries = reply.path(list);
    if (!entries.isArray()) {
      throw http.failure(Kind.BAD_REPLY, endpoint + " has no " + list + " list");
    }
    List<String> names = new ArrayList<>();
    entries.forEach(m -> {
      if (m.path(field).isTextual()) {
        names.add(m.path(field).asText());
      }
    });
    return names;
  }
}
