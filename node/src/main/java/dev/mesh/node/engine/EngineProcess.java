package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's handle on one engine process ({@link EngineMain}): typed calls returning futures, token streaming,
 * and the process's fate. When it dies, every pending call fails with {@link EngineCrashedException} naming
 * the exit code or signal. Thread-safe. Token consumers run on the reader thread: keep them quick.
 */
public final class EngineProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineProcess.class);

  private final EngineSpec spec;
  private final Process process;
  private final EngineChannel channel;
  /** What the advert says it holds: read at most every {@link #RSS_EVERY_MS}, the advert's heartbeat. */
  private final RecentReading rss;
  static final long RSS_EVERY_MS = 1000;

  private EngineProcess(EngineSpec spec, Process process, EngineChannel channel) {
    this.spec = spec;
    this.process = process;
    this.channel = channel;
    this.rss = new RecentReading(() -> ProcessStats.rssBytes(process.pid()), RSS_EVERY_MS, System::nanoTime);
  }

  /** Starts the child JVM; it loads nothing until {@link #load()}. */
  public static EngineProcess start(EngineSpec spec) throws IOException {
    Files.createDirectories(EngineCommand.nativeDir(spec));
    List<String> command = EngineCommand.of(spec);
    EngineLog log = EngineLog.open(spec.workDir());
    Process process = new ProcessBuilder(command).directory(spec.workDir().toFile()).start();
    log.started(process.pid(), String.join(" ", command));
    LOG.debug("engine process {} started for {}", process.pid(), spec.model());
    return new EngineProcess(spec, process, EngineChannel.open(process, log));
  }

  public CompletableFuture<LoadResult> load() {
    return load(false);
  }

  /** @param embedding also serve {@link #embed} from the same model (else a second one opens on first embed) */
  public CompletableFuture<LoadResult> load(boolean embedding) {
    if (spec.model() == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("this engine spec has no model"));
    }
    ObjectNode msg = LoadConfig.toWire(channel.nextId(), spec, embedding);
    return typed(channel.call(msg, "loading", null, null), LoadResult::fromWire, new CompletableFuture<>());
  }

  /** Streams each piece of text to onToken as it comes; stop it with {@link #cancel} or future.cancel(). */
  public CompletableFuture<GenerateResult> generate(GenerateRequest req, Consumer<String> onToken) {
    long id = channel.nextId();
    ObjectNode msg = Wire.message(id, "generate").put("maxTokens", req.maxTokens())
        .put("temperature", req.temperature());
    RequestWire.put(msg, req.prompt());
    RequestWire.put(msg, req.constraint());
    if (req.topP() != null) {
      msg.put("topP", req.topP());
    }
    if (req.seed() != null) {
      msg.put("seed", req.seed());
    }
    req.stop().forEach(msg.putArray("stop")::add);
    CompletableFuture<GenerateResult> result = new CompletableFuture<>();
    typed(channel.call(msg, "generating", onToken, result), GenerateResult::fromWire, result);
    result.whenComplete((r, e) -> {
      if (e instanceof CancellationException) {
        sendCancel(id); // the caller gave up: stop spending CPU on it
      }
    });
    return result;
  }

  /** Stops this generation at its next token; its future then completes normally with stopReason "cancelled". */
  public boolean cancel(CompletableFuture<GenerateResult> generation) {
    OptionalLong id = channel.idOf(generation);
    id.ifPresent(this::sendCancel);
    return id.isPresent();
  }

  public CompletableFuture<EmbedResult> embed(String text) {
    ObjectNode msg = Wire.message(channel.nextId(), "embed").put("text", text);
    return typed(channel.call(msg, "embedding", null, null), EmbedResult::fromWire, new CompletableFuture<>());
  }

  /** The prompt exactly as the engine would tokenize it (chat messages through the model's template), and its tokens. */
  public CompletableFuture<RenderedPrompt> render(Prompt prompt) {
    ObjectNode msg = RequestWire.put(Wire.message(channel.nextId(), "render"), prompt);
    return typed(channel.call(msg, "rendering", null, null), RenderedPrompt::fromWire, new CompletableFuture<>());
  }

  public CompletableFuture<Integer> tokenize(String text) {
    ObjectNode msg = Wire.message(channel.nextId(), "tokenize").put("text", text);
    return typed(channel.call(msg, "tokenizing", null, null), reply -> reply.path("count").asInt(),
        new CompletableFuture<>());
  }

  public CompletableFuture<BenchResult> bench() {
    return bench(64, 64);
  }

  /** One real greedy generation ignoring EOS: about promptTokens of prompt, exactly decodeTokens out. */
  public CompletableFuture<BenchResult> bench(int promptTokens, int decodeTokens) {
    ObjectNode msg = Wire.message(channel.nextId(), "bench").put("promptTokens", promptTokens)
        .put("decodeTokens", decodeTokens);
    return typed(channel.call(msg, "benchmarking", null, null), BenchResult::fromWire,
        new CompletableFuture<>());
  }

  /** Loads only the native library and describes it (library, libraryFile, os); see {@link EngineProbe}. */
  CompletableFuture<JsonNode> probe() {
    return channel.call(Wire.message(channel.nextId(), "probe"), "probing", null, null);
  }

  public long pid() {
    return process.pid();
  }

  /** Resident memory of the engine process in bytes, -1 if unknown or gone. */
  public long rssBytes() {
    return alive() ? rss.get() : -1;
  }

  public boolean alive() {
    return channel.alive();
  }

  public EngineSpec spec() {
    return spec;
  }

  /** Called once when the process ends (at once if it already has), before pending calls fail. */
  public void onExit(Consumer<EngineExit> listener) {
    channel.onExit(listener);
  }

  public CompletableFuture<EngineExit> exited() {
    return channel.exited();
  }

  /** Asks the engine to exit, destroys it after a grace period. Ending the process is what frees its memory. */
  @Override
  public void close() {
    channel.close();
  }

  private void sendCancel(long target) {
    channel.send(Wire.message(channel.nextId(), "cancel").put("target", target));
  }

  /** Completes target with the decoded reply, or with the engine's own exception (not a CompletionException). */
  private static <T> CompletableFuture<T> typed(CompletableFuture<JsonNode> reply, Function<JsonNode, T> decode,
                         CompletableFuture<T> target) {
    reply.whenComplete((value, error) -> {
      if (error != null) {
        target.completeExceptionally(error);
        return;
      }
      try {
        target.complete(decode.apply(value));
      } catch (RuntimeException e) {
        target.completeExceptionally(e);
      }
    });
    return target;
  }
}
