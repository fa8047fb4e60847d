package dev.mesh.node.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.protocol.json.StrictUtf8;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.json.MeshJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/** A compatible API's request body (OpenAI's, Ollama's): one JSON object, and its refusals as mesh errors. */
public final class JsonBody {
  private JsonBody() {}

  /** The body as a JSON object; a {@link Rejection} with {@code invalid_json} when it is empty or not one. */
  public static JsonNode of(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return parse(body == null ? new byte[0] : body.getBytes());
  }

  public static JsonNode parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw Rejection.of(ErrorCodes.INVALID_JSON, "the request body is empty; expected a JSON object", null);
    }
    StrictUtf8.check(bytes, "the request body"); // a ValidationException: answered 400 with the field
    JsonNode tree;
    try {
      tree = MeshJson.mapper().readTree(bytes);
    } catch (IOException e) {
      throw Rejection.of(ErrorCodes.INVALID_JSON, "the request body is not valid JSON", null);
    }
    if (tree == null || !tree.isObject()) {
      throw Rejection.of(ErrorCodes.INVALID_JSON, "the request body must be a JSON object", null);
    }
    return tree;
  }

  /** The caller's error a failure stands for (a refused or invalid request); null for anything unexpected. */
  public static ApiError refusal(Throwable failure) {
    if (failure instanceof Rejection r) {
      return r.error();
    }
    if (failure instanceof ValidationException v) {
      return v.toApiError();
    }
    return null;
  }
}
