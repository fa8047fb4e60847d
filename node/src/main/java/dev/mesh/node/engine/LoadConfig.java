package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;
import dev.mesh.protocol.task.Pooling;

/** The {@code load} request: which model, llama.cpp's sizes, and how embeddings are pooled. */
record LoadConfig(String model, int ctx, int threads, int batch, Long seed, boolean embedding, Pooling pooling,
    boolean verbose) {

  LoadConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (ctx < 1 || threads < 1 || batch < 1) {
      throw new IllegalArgumentException("ctx, threads and batch must be >= 1, were " + ctx + ", "
          + threads + ", " + batch);
    }
    if (pooling == null) {
      throw new IllegalArgumentException("pooling must be one of none, mean, cls, last, rank");
    }
  }

  static LoadConfig from(JsonNode request) {
    JsonNode seed = request.path("seed");
    return new LoadConfig(request.path("model").asText(null), request.path("ctx").asInt(0),
        request.path("threads").asInt(0), request.path("batch").asInt(0),
        seed.isIntegralNumber() ? seed.asLong() : null, request.path("embedding").asBoolean(false),
        pooling(request.path("pooling").asText("last")), request.path("verbose").asBoolean(false));
  }

  static ObjectNode toWire(long id, EngineSpec spec, boolean embedding) {
    ObjectNode load = Wire.message(id, "load");
    load.put("model", spec.model().toAbsolutePath().toString());
    load.put("ctx", spec.contextTokens());
    load.put("threads", spec.threads());
    load.put("batch", spec.batchTokens());
    load.put("embedding", embedding);
    load.put("pooling", spec.pooling().wire());
    return load;
  }

  private static Pooling pooling(String wire) {
    for (Pooling p : Pooling.values()) {
      if (p.wire().equals(wire)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The parent picks the pooling ({@code EmbeddingPooling}): MEAN on a llama-architecture model aborts llama.cpp
   * b4916 in its graph build (GGML_ASSERT ggml_can_mul_mat, measured), so it is only asked of encoders. With embeddings enabled,
   * java-llama.cpp 4.2.0 still serves completions (checked: same text, same speed), so one model can do both.
   * Invalid parameters don't throw here, they crash later: we validate before and never call close().
   */
  ModelParameters parameters(boolean withEmbedding) {
    ModelParameters p = new ModelParameters().setModel(model).setCtxSize(ctx).setThreads(threads)
        .setThreadsBatch(threads).setBatchSize(batch).setUbatchSize(batch);
    if (seed != null) {
      p.setSeed(seed);
    }
    if (withEmbedding) {
      p.enableEmbedding().setPoolingType(PoolingType.valueOf(pooling.name()));
    }
    return p;
  }
}
