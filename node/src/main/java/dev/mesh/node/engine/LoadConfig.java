package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;

/** The {@code load} request: which model and llama.cpp's sizes. */
record LoadConfig(String model, int ctx, int threads, int batch, Long seed, boolean embedding, boolean verbose) {

  LoadConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (ctx < 1 || threads < 1 || batch < 1) {
      throw new IllegalArgumentException("ctx, threads and batch must be >= 1, were " + ctx + ", "
          + threads + ", " + batch);
    }
  }

  static LoadConfig from(JsonNode request) {
    JsonNode seed = request.path("seed");
    return new LoadConfig(request.path("model").asText(null), request.path("ctx").asInt(0),
        request.path("threads").asInt(0), request.path("batch").asInt(0),
        seed.isIntegralNumber() ? seed.asLong() : null, request.path("embedding").asBoolean(false),
        request.path("verbose").asBoolean(false));
  }

  static ObjectNode toWire(long id, EngineSpec spec, boolean embedding) {
    ObjectNode load = Wire.message(id, "load");
    load.put("model", spec.model().toAbsolutePath().toString());
    load.put("ctx", spec.contextTokens());
    load.put("threads", spec.threads());
    load.put("batch", spec.batchTokens());
    load.put("embedding", embedding);
    return load;
  }

  /**
   * LAST pooling gives a sentence embedding; MEAN aborted the JVM (FACTS.md). With embeddings enabled,
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
      p.enableEmbedding().setPoolingType(PoolingType.LAST);
    }
    return p;
  }
}
