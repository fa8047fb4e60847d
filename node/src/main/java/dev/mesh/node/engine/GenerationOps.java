package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The child's {@code generate} and {@code bench} ops: real generations, streamed and timed. */
final class GenerationOps {
  private static final String BENCH_TEXT = "Once upon a time there was a little girl named Lily who loved"
      + " to play in the park with her friends and her big red ball.";

  private GenerationOps() {
  }

  static ObjectNode generate(long id, JsonNode request, ChildModels models, BooleanSupplier cancelRequested,
                Consumer<String> onText) {
    LlamaModel model = models.generator();
    PromptRenderer.Rendered prompt = models.renderer().render(RequestWire.prompt(request));
    int maxTokens = request.path("maxTokens").asInt(0);
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
    }
    int promptTokens = model.encode(prompt.text()).length;
    requireFits(models, promptTokens, maxTokens);
    InferenceParameters params = inference(prompt, maxTokens, request);
    Constraints.apply(params, RequestWire.constraint(request));
    Streaming.Run run = cancelRequested.getAsBoolean()
        ? new Streaming.Run("", 0, 0, 0, true)
        : Constraints.refusedAsBadRequest(() -> Streaming.run(model, params, cancelRequested, onText));
    ObjectNode done = Wire.message(id, "done");
    done.put("text", run.text());
    done.put("template", prompt.template().wire());
    done.put("promptTokens", promptTokens);
    done.put("completionTokens", run.tokens());
    done.put("prefillMs", run.prefillNanos() / 1_000_000);
    done.put("decodeMs", run.decodeNanos() / 1_000_000);
    done.put("stopReason", run.cancelled() ? "cancelled" : run.tokens() >= maxTokens ? "length" : "stop");
    return done;
  }

  /** Greedy and ignoring EOS, so decode always runs the full count. */
  static ObjectNode bench(long id, JsonNode request, ChildModels models, BooleanSupplier stopping) {
    LlamaModel model = models.generator();
    int decodeTokens = Math.max(2, request.path("decodeTokens").asInt(64));
    String prompt = benchPrompt(model, Math.max(1, request.path("promptTokens").asInt(64)));
    int promptTokens = model.encode(prompt).length;
    requireFits(models, promptTokens, decodeTokens);
    InferenceParameters params = new InferenceParameters(prompt).setNPredict(decodeTokens)
        .setTemperature(0).setIgnoreEos(true).setCachePrompt(false);
    Streaming.Run run = Streaming.run(model, params, stopping, text -> { });
    ObjectNode benched = Wire.message(id, "benched");
    benched.put("promptTokens", promptTokens);
    benched.put("decodeTokens", run.tokens());
    benched.put("prefillTokensPerSecond", promptTokens * 1e9 / Math.max(1, run.prefillNanos()));
    benched.put("decodeTokensPerSecond", (run.tokens() - 1) * 1e9 / Math.max(1, run.decodeNanos()));
    return benched;
  }

  /** The {@code render} op: the prompt exactly as the engine would tokenize it, its token count and format. */
  static ObjectNode render(long id, JsonNode request, ChildModels models) {
    PromptRenderer.Rendered prompt = models.renderer().render(RequestWire.prompt(request));
    ObjectNode rendered = Wire.message(id, "rendered");
    rendered.put("text", prompt.text());
    rendered.put("count", models.generator().encode(prompt.text()).length);
    rendered.put("template", prompt.template().wire());
    return rendered;
  }

  private static InferenceParameters inference(PromptRenderer.Rendered prompt, int maxTokens, JsonNode request) {
    InferenceParameters p = new InferenceParameters(prompt.text()).setNPredict(maxTokens)
        .setTemperature((float) request.path("temperature").asDouble(0.8))
        .setCachePrompt(false);
    if (request.path("topP").isNumber()) {
      p.setTopP((float) request.path("topP").asDouble());
    }
    if (request.path("seed").isIntegralNumber()) {
      p.setSeed((int) request.path("seed").asLong()); // llama.cpp's sampler seed is 32 bits
    }
    List<String> stop = new ArrayList<>(prompt.stops());
    request.path("stop").forEach(s -> stop.add(s.asText()));
    if (!stop.isEmpty()) {
      p.setStopStrings(stop.toArray(String[]::new));
    }
    return p;
  }

  /** Refuse rather than let llama.cpp shift the context and silently drop the start of the prompt. */
  private static void requireFits(ChildModels models, int promptTokens, int maxTokens) {
    int ctx = models.config().ctx();
    if (promptTokens + 1 + maxTokens > ctx) { // + 1: the BOS token
      throw new EngineException("context_exceeded", "prompt (" + promptTokens + " tokens) + maxTokens ("
          + maxTokens + ") exceeds the context of " + ctx + " tokens");
    }
  }

  private static String benchPrompt(LlamaModel model, int tokens) {
    String[] words = BENCH_TEXT.split(" ");
    StringBuilder prompt = new StringBuilder(words[0]);
    for (int i = 1; model.encode(prompt.toString()).length < tokens; i++) {
      prompt.append(' ').append(words[i % words.length]);
    }
    return prompt.toString();
  }
}
