package dev.mesh.node.inference;

import dev.mesh.node.engine.BenchResult;
import dev.mesh.node.engine.EmbedResult;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.engine.EngineSupervisor;
import dev.mesh.node.engine.EngineUnavailableException;
import dev.mesh.node.engine.GenerateRequest;
import dev.mesh.node.engine.GenerateResult;
import dev.mesh.node.engine.Prompt;
import dev.mesh.node.engine.RenderedPrompt;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.routing.TokenEstimate;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One model this node serves: its file, its measured speed and load time, and — while it is loaded — the
 * supervised engine process running it. It loads on demand and unloads to make room ({@link ModelLoader});
 * ending the engine process is what frees its memory. Thread-safe.
 */
public final class LocalModel implements AutoCloseable {
  /** Self-benchmark size: long enough to time, short enough to keep start-up quick on a Pi. */
  static final int BENCH_PROMPT_TOKENS = 64;
  static final int BENCH_DECODE_TOKENS = 64;
  private static final EngineStatus UNLOADED =
      new EngineStatus(EngineStatus.State.UNLOADED, "not loaded: loads when a task needs it", 0, -1);

  private final ModelFile file;
  private final Supplier<EngineSupervisor> starter;
  private final SpeedEstimate speed = new SpeedEstimate();
  /** What tasks of each kind really took against what the speeds predict: part of every estimate. */
  private final KindFactors kindFactors = new KindFactors();
  private final LoadTime loadTime;
  private final List<Consumer<EngineStatus>> listeners = new CopyOnWriteArrayList<>();
  private EngineSupervisor engine; // guarded by this; null while unloaded
  private long loadStartedNanos;
  private long lastUsedNanos;
  private long peakRssBytes;

  /** @param starter starts a supervised engine for this model (called on each load) */
  public LocalModel(ModelFile file, Supplier<EngineSupervisor> starter) {
    this.file = file;
    this.starter = starter;
    this.loadTime = LoadTime.forWeights(file.shape().weightsBytes());
  }

  public String id() {
    return file.id();
  }

  public ModelFile file() {
    return file;
  }

  public SpeedEstimate speed() {
    return speed;
  }

  public EngineStatus engineStatus() {
    EngineSupervisor e = current();
    return e == null ? UNLOADED : e.status();
  }

  /** Whether an engine process runs for it (starting, ready or restarting). */
  public synchronized boolean loaded() {
    return engine != null;
  }

  /** Told of every state change of whichever engine runs it, and of its unloading; on any thread. */
  public void onStatus(Consumer<EngineStatus> listener) {
    listeners.add(listener);
  }

  /** Starts its engine unless one runs; the status listeners hear when it is ready. */
  public void load() {
    EngineSupervisor started;
    synchronized (this) {
      if (engine != null) {
        return;
      }
      loadStartedNanos = System.nanoTime();
      started = starter.get();
      engine = started;
    }
    started.onStatus(status -> {
      if (status.ready()) {
        loaded(started);
      }
      publish(status);
    });
    publish(started.status());
  }

  /** Ends its engine process, which frees the memory it held. Blocks until the process is gone. */
  public void unload() {
    detach().run();
  }

  /**
   * Unloads it in two steps: at once it takes no more calls (its status says unloaded); the returned step ends the
   * engine process and blocks until it is gone — run that off the event loop.
   */
  public Runnable detach() {
    EngineSupervisor ending;
    synchronized (this) {
      ending = engine;
      engine = null;
    }
    return () -> {
      if (ending != null) {
        ending.close();
        publish(UNLOADED);
      }
    };
  }

  public CompletableFuture<GenerateResult> generate(GenerateRequest request, Consumer<String> onToken) {
    return call(e -> e.generate(request, onToken));
  }

  /** Stops a generation of this model's engine at its next token; it then completes with stopReason "cancelled". */
  public void cancel(CompletableFuture<GenerateResult> generation) {
    EngineSupervisor e = current();
    if (e != null) {
      e.cancel(generation);
    }
  }

  public CompletableFuture<EmbedResult> embed(String text) {
    return call(e -> e.embed(text));
  }

  public CompletableFuture<Integer> tokenize(String text) {
    return call(e -> e.tokenize(text));
  }

  public CompletableFuture<RenderedPrompt> render(Prompt prompt) {
    return call(e -> e.render(prompt));
  }

  /** Measures prefill and decode tokens/s with a real generation and seeds the estimate with it. */
  public CompletableFuture<BenchResult> selfBenchmark() {
    return call(e -> e.bench(BENCH_PROMPT_TOKENS, BENCH_DECODE_TOKENS)).thenApply(result -> {
      speed.seed(result.prefillTokensPerSecond(), result.decodeTokensPerSecond());
      return result;
    });
  }

  /**
   * Runs one short task of each grammar-held kind this model serves ({@link KindCalibration}) and takes what each took
   * as its kind's first sample; completes with the kinds' factors by wire name. Call after {@link #selfBenchmark}.
   */
  public CompletableFuture<java.util.Map<String, Double>> calibrateKinds() {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (TaskRequest request : KindCalibration.requests()) {
      if (file.roles().serves(request.kind())) {
        chain = chain.thenCompose(v -> generate(InferenceRunner.generateRequest(request), null)
            .thenAccept(g -> ran(request, (g.prefillMs() + g.decodeMs()) / 1000.0)));
      }
    }
    return chain.thenApply(v -> kindFactors.byWireName());
  }

  /** Marks it used now: the least recently used idle model is the first unloaded to make room. */
  public synchronized void touch() {
    lastUsedNanos = System.nanoTime();
  }

  public synchronized long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Its engine's resident memory, -1 while unloaded or unknown. */
  public long rssBytes() {
    EngineSupervisor e = current();
    long rss = e == null ? -1 : e.rssBytes();
    synchronized (this) {
      peakRssBytes = Math.max(peakRssBytes, rss);
    }
    return rss;
  }

  /**
   * RAM it needs loaded: the estimate, raised to the most its engine was ever seen to hold — measured, not
   * declared, once it has run.
   */
  public synchronized long needBytes() {
    return Math.max(file.estimate().totalBytes(), peakRssBytes);
  }

  /** What it holds now when loaded (its RSS, or the estimate while that is unknown); 0 when not loaded. */
  public long heldBytes() {
    if (!loaded()) {
      return 0;
    }
    long rss = rssBytes();
    return rss > 0 ? rss : needBytes();
  }

  /** Seconds a load takes: measured on this node once it has loaded, estimated from the file's size before. */
  public double loadSeconds() {
    return loadTime.seconds();
  }

  /** @param prior speeds to advertise while none is measured on this model ({@link SpeedPrior}) */
  public ModelInfo info(SpeedPrior.Speeds prior) {
    var shape = file.shape();
    EngineStatus status = engineStatus();
    boolean measured = speed.samples() > 0;
    return new ModelInfo(file.id(), file.path().toString(), shape.architecture(), shape.parameterCount(),
        shape.quantization(), file.contextTokens(), file.roles().kinds(), needBytes(),
        measured ? speed.prefillTokensPerSecond() : prior.prefill(),
        measured ? speed.decodeTokensPerSecond() : prior.decode(), speed.samples(), file.synthetic(),
        status.ready(), Math.max(0, rssBytes()), file.roles().aliases(), file.roles().advertisedTier(),
        status.state() == EngineStatus.State.UNLOADED, loadSeconds(), null, kindFactors.byWireName());
  }

  /**
   * Seconds this model needs for a request: what its measured speeds predict times what tasks of the kind really took
   * against that ({@link KindFactors}); 0 while nothing is measured.
   */
  public double estimateSeconds(TaskRequest request) {
    return predictedSeconds(request) * kindFactors.of(request.kind());
  }

  private double predictedSeconds(TaskRequest request) {
    double prefill = speed.prefillTokensPerSecond();
    double decode = speed.decodeTokensPerSecond();
    double seconds = prefill > 0 ? TokenEstimate.promptTokens(request) / prefill : 0;
    return seconds + (decode > 0 ? TokenEstimate.maxTokens(request) / decode : 0);
  }

  /** A task of this model ran for {@code engineSeconds} on its engine: how that compares with the prediction. */
  public void ran(TaskRequest request, double engineSeconds) {
    kindFactors.observe(request.kind(), engineSeconds, predictedSeconds(request));
  }

  @Override
  public void close() {
    unload();
  }

  private void loaded(EngineSupervisor by) {
    synchronized (this) {
      if (engine != by || loadStartedNanos == 0) {
        return;
      }
      loadTime.observe((System.nanoTime() - loadStartedNanos) / 1e9);
      loadStartedNanos = 0;
    }
    rssBytes();
  }

  /**
   * The engine now. Never call into a supervisor while holding this model's lock: the supervisor tells its
   * listeners (which take this lock) while holding its own — the other order deadlocked a node's event loop.
   */
  private synchronized EngineSupervisor current() {
    return engine;
  }

  private <T> CompletableFuture<T> call(Function<EngineSupervisor, CompletableFuture<T>> op) {
    EngineSupervisor e = current();
    if (e == null) {
      return CompletableFuture.failedFuture(new EngineUnavailableException("model " + id() + " is not loaded"));
    }
    touch();
    return op.apply(e);
  }

  private void publish(EngineStatus status) {
    listeners.forEach(l -> l.accept(status));
  }
}
