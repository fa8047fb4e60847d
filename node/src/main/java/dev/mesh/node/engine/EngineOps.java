package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.LlamaModel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The child's operations, run one at a time on a single worker thread (one model, one generation at a time). */
final class EngineOps {
  private static final long STOP_WAIT_MS = 2_000;

  private final Replies replies;
  private final ChildModels models = new ChildModels();
  private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "engine-worker");
    thread.setDaemon(true);
    return thread;
  });

  EngineOps(Replies replies) {
    this.replies = replies;
  }

  void submit(long id, JsonNode request) {
    worker.execute(() -> run(id, request));
  }

  /** Takes effect at the next token, or before the generation starts if it is still queued. */
  void cancel(long target) {
    cancelled.add(target);
  }

  /**
   * Cancels the running generation and waits for the worker: exiting while llama.cpp computes can segfault
   * in its static destructors (seen on SIGTERM), which would leave a crash report for a clean shutdown.
   */
  void stop() {
    stopping = true;
    worker.shutdownNow();
    try {
      worker.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(long id, JsonNode request) {
    try {
      replies.send(handle(id, request));
    } catch (EngineException e) {
      replies.send(Wire.error(id, e.code(), e.getMessage()));
    } catch (IllegalArgumentException e) {
      replies.send(Wire.error(id, "bad_request", e.getMessage()));
    } catch (RuntimeException e) {
      e.printStackTrace();
      String code = e.getClass().getSimpleName().equals("LlamaException") ? "llama_error" : "internal";
      replies.send(Wire.error(id, code, e.toString()));
    } finally {
      cancelled.remove(id);
    }
  }

  private ObjectNode handle(long id, JsonNode request) {
    String op = request.path("op").asText("");
    return switch (op) {
      case "load" -> models.load(id, LoadConfig.from(request));
      case "generate" -> GenerationOps.generate(id, request, models,
          () -> stopping || cancelled.contains(id),
          text -> replies.send(Wire.message(id, "token").put("text", text)));
      case "bench" -> GenerationOps.bench(id, request, models, () -> stopping);
      case "tokenize" -> tokenize(id, request);
      case "render" -> GenerationOps.render(id, request, models);
      case "embed" -> embed(id, request);
      case "probe" -> probe(id);
      default -> throw new IllegalArgumentException("unknown op '" + op + "'");
    };
  }

  private ObjectNode tokenize(long id, JsonNode request) {
    int count = models.generator().encode(requiredText(request, "text")).length;
    return Wire.message(id, "tokenized").put("count", count);
  }

  private ObjectNode embed(long id, JsonNode request) {
    String text = requiredText(request, "text");
    LlamaModel model = models.embedder();
    int tokens = model.encode(text).length;
    int batch = models.config().batch();
    if (tokens + 1 > batch) { // an embedding input must fit in one batch
      throw new EngineException("input_too_long", "text has " + tokens + " tokens; embeddings take at most "
          + (batch - 1) + " (the batch size)");
    }
    ArrayNode vector = Wire.JSON.createArrayNode();
    for (float value : model.embed(text)) {
      vector.add(value);
    }
    ObjectNode embedded = Wire.message(id, "embedded");
    embedded.set("vector", vector);
    embedded.put("tokens", tokens);
    return embedded;
  }

  /** Only loads the native library: a CPU that can't run it kills this process here. */
  private static ObjectNode probe(long id) {
    ChildModels.loadNative(false);
    ObjectNode probed = Wire.message(id, "probed");
    ChildModels.describeRuntime(probed);
    return probed;
  }

  static String requiredText(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is required (a string)");
    }
    return value.asText();
  }
}
