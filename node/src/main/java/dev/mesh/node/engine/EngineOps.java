package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The child's operations, run one at a time on a single worker thread (one model, one generation at a time). */
final class EngineOps {
    private static final String BENCH_TEXT = "Once upon a time there was a little girl named Lily who loved"
            + " to play in the park with her friends and her big red ball.";
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

    private boolean cancelRequested(long id) {
        return stopping || cancelled.contains(id);
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
            case "generate" -> generate(id, request);
            case "tokenize" -> tokenize(id, request);
            case "embed" -> embed(id, request);
            case "bench" -> bench(id, request);
            case "probe" -> probe(id);
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        };
    }

    private ObjectNode generate(long id, JsonNode request) {
        LlamaModel model = models.generator();
        String prompt = requiredText(request, "prompt");
        int maxTokens = request.path("maxTokens").asInt(0);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
        int promptTokens = model.encode(prompt).length;
        requireFits(promptTokens, maxTokens);
        Streaming.Run run = cancelRequested(id)
                ? new Streaming.Run("", 0, 0, 0, true)
                : Streaming.run(model, inference(prompt, maxTokens, request), () -> cancelRequested(id),
                        text -> replies.send(Wire.message(id, "token").put("text", text)));
        ObjectNode done = Wire.message(id, "done");
        done.put("text", run.text());
        done.put("promptTokens", promptTokens);
        done.put("completionTokens", run.tokens());
        done.put("prefillMs", run.prefillNanos() / 1_000_000);
        done.put("decodeMs", run.decodeNanos() / 1_000_000);
        done.put("stopReason", run.cancelled() ? "cancelled" : run.tokens() >= maxTokens ? "length" : "stop");
        return done;
    }

    private static InferenceParameters inference(String prompt, int maxTokens, JsonNode request) {
        InferenceParameters p = new InferenceParameters(prompt).setNPredict(maxTokens)
                .setTemperature((float) request.path("temperature").asDouble(0.8))
                .setCachePrompt(false);
        if (request.path("topP").isNumber()) {
            p.setTopP((float) request.path("topP").asDouble());
        }
        if (request.path("seed").isIntegralNumber()) {
            p.setSeed((int) request.path("seed").asLong()); // llama.cpp's sampler seed is 32 bits
        }
        List<String> stop = new ArrayList<>();
        request.path("stop").forEach(s -> stop.add(s.asText()));
        if (!stop.isEmpty()) {
            p.setStopStrings(stop.toArray(String[]::new));
        }
        return p;
    }

    /** Refuse rather than let llama.cpp shift the context and silently drop the start of the prompt. */
    private void requireFits(int promptTokens, int maxTokens) {
        int ctx = models.config().ctx();
        if (promptTokens + 1 + maxTokens > ctx) {
            throw new EngineException("context_exceeded", "prompt (" + promptTokens + " tokens) + maxTokens ("
                    + maxTokens + ") exceeds the context of " + ctx + " tokens");
        }
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

    /** Greedy, ignoring EOS, so decode always runs the full count. */
    private ObjectNode bench(long id, JsonNode request) {
        LlamaModel model = models.generator();
        int decodeTokens = Math.max(2, request.path("decodeTokens").asInt(64));
        String prompt = benchPrompt(model, Math.max(1, request.path("promptTokens").asInt(64)));
        int promptTokens = model.encode(prompt).length;
        requireFits(promptTokens, decodeTokens);
        InferenceParameters params = new InferenceParameters(prompt).setNPredict(decodeTokens)
                .setTemperature(0).setIgnoreEos(true).setCachePrompt(false);
        Streaming.Run run = Streaming.run(model, params, () -> stopping, text -> { });
        ObjectNode benched = Wire.message(id, "benched");
        benched.put("promptTokens", promptTokens);
        benched.put("decodeTokens", run.tokens());
        benched.put("prefillTokensPerSecond", promptTokens * 1e9 / Math.max(1, run.prefillNanos()));
        benched.put("decodeTokensPerSecond", (run.tokens() - 1) * 1e9 / Math.max(1, run.decodeNanos()));
        return benched;
    }

    private static String benchPrompt(LlamaModel model, int tokens) {
        String[] words = BENCH_TEXT.split(" ");
        StringBuilder prompt = new StringBuilder(words[0]);
        for (int i = 1; model.encode(prompt.toString()).length < tokens; i++) {
            prompt.append(' ').append(words[i % words.length]);
        }
        return prompt.toString();
    }

    /** Only loads the native library: a CPU that can't run it kills this process here. */
    private static ObjectNode probe(long id) {
        ChildModels.loadNative(false);
        ObjectNode probed = Wire.message(id, "probed");
        ChildModels.describeRuntime(probed);
        return probed;
    }

    private static String requiredText(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is required (a string)");
        }
        return value.asText();
    }
}
