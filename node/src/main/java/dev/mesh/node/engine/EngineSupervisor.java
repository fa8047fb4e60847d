package dev.mesh.node.engine;

import dev.mesh.node.engine.EngineStatus.State;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one model's engine: starts it, restarts it after a crash with backoff, and gives up (unusable, with the
 * reason) after too many crashes in a row, a SIGILL, or a load error. Calls fail fast with
 * {@link EngineUnavailableException} unless the engine is ready. Thread-safe.
 */
public final class EngineSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineSupervisor.class);
  private static final int SIGILL = 4;

  private final EngineSpec spec;
  private final boolean embedding;
  private final RestartPolicy policy;
  private final ScheduledExecutorService timer;
  private final List<Consumer<EngineStatus>> listeners = new CopyOnWriteArrayList<>();
  private EngineProcess engine; // guarded by this
  private EngineStatus status = new EngineStatus(State.STARTING, "", 0, -1);
  private int crashesInARow;
  private long readySinceNanos;
  private LoadResult lastLoad;

  private EngineSupervisor(EngineSpec spec, boolean embedding, RestartPolicy policy) {
    this.spec = spec;
    this.embedding = embedding;
    this.policy = policy;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "engine-supervisor-" + spec.model().getFileName());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the engine in the background; watch {@link #status()} or {@link #onStatus} for READY. */
  public static EngineSupervisor start(EngineSpec spec, boolean embedding, RestartPolicy policy) {
    if (spec.model() == null) {
      throw new IllegalArgumentException("a supervised engine needs a model");
    }
    EngineSupervisor supervisor = new EngineSupervisor(spec, embedding, policy);
    supervisor.timer.execute(supervisor::launch);
    return supervisor;
  }

  public synchronized EngineStatus status() {
    return status;
  }

  /** Told of every state change, on the supervisor's or an engine's thread. */
  public void onStatus(Consumer<EngineStatus> listener) {
    listeners.add(listener);
  }

  public CompletableFuture<GenerateResult> generate(GenerateRequest req, Consumer<String> onToken) {
    return withEngine(engine -> engine.generate(req, onToken));
  }

  public boolean cancel(CompletableFuture<GenerateResult> generation) {
    EngineProcess current = current();
    return current != null && current.cancel(generation);
  }

  public CompletableFuture<EmbedResult> embed(String text) {
    return withEngine(engine -> engine.embed(text));
  }

  public CompletableFuture<RenderedPrompt> render(Prompt prompt) {
    return withEngine(engine -> engine.render(prompt));
  }

  /** What the engine reported when it last loaded its model; empty before the first load. */
  public synchronized java.util.Optional<LoadResult> loaded() {
    return java.util.Optional.ofNullable(lastLoad);
  }

  public CompletableFuture<Integer> tokenize(String text) {
    return withEngine(engine -> engine.tokenize(text));
  }

  public CompletableFuture<BenchResult> bench(int promptTokens, int decodeTokens) {
    return withEngine(engine -> engine.bench(promptTokens, decodeTokens));
  }

  /** The engine's resident memory, -1 when none runs. */
  public long rssBytes() {
    EngineProcess current = current();
    return current == null ? -1 : current.rssBytes();
  }

  /** Ends the engine process (which is what frees its memory) and stops restarting it. */
  @Override
  public void close() {
    EngineProcess last;
    synchronized (this) {
      last = engine;
      engine = null;
      setStatus(State.CLOSED, "closed");
    }
    timer.shutdownNow();
    if (last != null) {
      last.close();
    }
  }

  private <T> CompletableFuture<T> withEngine(Function<EngineProcess, CompletableFuture<T>> call) {
    EngineProcess current;
    EngineStatus now;
    synchronized (this) {
      current = status.ready() ? engine : null;
      now = status;
    }
    if (current == null) {
      return CompletableFuture.failedFuture(new EngineUnavailableException(
          "engine for " + spec.model().getFileName() + " is " + now));
    }
    return call.apply(current);
  }

  private synchronized EngineProcess current() {
    return engine;
  }

  private void launch() {
    EngineProcess started;
    try {
      started = EngineProcess.start(spec);
    } catch (IOException | RuntimeException e) {
      giveUp("cannot start engine process: " + e.getMessage());
      return;
    }
    synchronized (this) {
      if (status.state() == State.CLOSED) {
        started.close();
        return;
      }
      engine = started;
      setStatus(status.state(), status.reason(), started.pid());
    }
    started.onExit(exit -> onExit(started, exit));
    started.load(embedding).whenComplete((loaded, error) -> onLoaded(started, loaded, error));
  }

  private synchronized void onLoaded(EngineProcess loadedBy, LoadResult loaded, Throwable error) {
    if (loadedBy != engine) {
      return;
    }
    if (error == null) {
      readySinceNanos = System.nanoTime();
      lastLoad = loaded;
      setStatus(State.READY, "loaded in " + loaded.loadMs() + " ms (" + loaded.library() + ")");
    } else if (!(error instanceof EngineCrashedException)) { // a crash is handled by onExit
      engine = null;
      giveUp("load failed: " + error.getMessage());
      timer.execute(loadedBy::close);
    }
  }

  private synchronized void onExit(EngineProcess exited, EngineExit exit) {
    if (exited != engine || exit.requested()) {
      return;
    }
    engine = null;
    boolean wasStable = status.ready()
        && System.nanoTime() - readySinceNanos > policy.stableAfter().toNanos();
    crashesInARow = wasStable ? 1 : crashesInARow + 1;
    if (exit.signal() == SIGILL) {
      giveUp(exit.describe() + ": this CPU can't run the native library");
    } else if (crashesInARow > policy.maxRapidCrashes()) {
      giveUp("crashed " + crashesInARow + " times in a row; last: " + exit.describe());
    } else {
      long delayMs = policy.backoff(crashesInARow).toMillis();
      status = new EngineStatus(State.RESTARTING, exit.describe() + "; restarting in " + delayMs + " ms",
          status.restarts() + 1, -1);
      publish();
      timer.schedule(this::launch, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void giveUp(String reason) {
    if (status.state() != State.CLOSED) {
      LOG.warn("engine for {} is unusable: {}", spec.model().getFileName(), reason);
      setStatus(State.UNUSABLE, reason);
    }
  }

  private void setStatus(State state, String reason) {
    setStatus(state, reason, engine == null ? -1 : engine.pid());
  }

  private synchronized void setStatus(State state, String reason, long pid) {
    status = new EngineStatus(state, reason, status.restarts(), pid);
    publish();
  }

  private void publish() {
    EngineStatus now = status;
    for (Consumer<EngineStatus> listener : listeners) {
      try {
        listener.accept(now);
      } catch (RuntimeException e) {
        LOG.warn("engine status listener failed", e);
      }
    }
  }
}
