package dev.mesh.node.inference;

import dev.mesh.node.engine.BenchResult;
import dev.mesh.node.engine.EngineStatus;
import dev.mesh.node.engine.EngineSupervisor;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.routing.TokenEstimate;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One model this node serves: its file, the supervised engine process running it, and its measured speed. */
public final class LocalModel implements AutoCloseable {
  /** Self-benchmark size: long enough to time, short enough to keep start-up quick on a Pi. */
  static final int BENCH_PROMPT_TOKENS = 64;
  static final int BENCH_DECODE_TOKENS = 64;

  private final ModelFile file;
  private final EngineSupervisor engine;
  private final SpeedEstimate speed = new SpeedEstimate();

  public LocalModel(ModelFile file, EngineSupervisor engine) {
    this.file = file;
    this.engine = engine;
  }

  public String id() {
    return file.id();
  }

  public ModelFile file() {
    return file;
  }

  public EngineSupervisor engine() {
    return engine;
  }

  public SpeedEstimate speed() {
    return speed;
  }

  public EngineStatus engineStatus() {
    return engine.status();
  }

  /** Measures prefill and decode tokens/s with a real generation and seeds the estimate with it. */
  public CompletableFuture<BenchResult> selfBenchmark() {
    return engine.bench(BENCH_PROMPT_TOKENS, BENCH_DECODE_TOKENS)
        .thenApply(result -> {
          speed.seed(result.prefillTokensPerSecond(), result.decodeTokensPerSecond());
          return result;
        });
  }

  public ModelInfo info() {
    var shape = file.shape();
    return new ModelInfo(file.id(), file.path().toString(), shape.architecture(), shape.parameterCount(),
        shape.quantization(), file.contextTokens(), file.roles().kinds(), file.estimate().totalBytes(),
        speed.prefillTokensPerSecond(), speed.decodeTokensPerSecond(), speed.samples(), file.synthetic(),
        engine.status().ready(), Math.max(0, engine.rssBytes()), file.roles().aliases(),
        file.roles().advertisedTier());
  }

  /** Seconds this model needs for a request by its measured speeds; 0 while nothing is measured. */
  public double estimateSeconds(TaskRequest request) {
    double prefill = speed.prefillTokensPerSecond();
    double decode = speed.decodeTokensPerSecond();
    double seconds = prefill > 0 ? TokenEstimate.promptTokens(request) / prefill : 0;
    return seconds + (decode > 0 ? TokenEstimate.maxTokens(request) / decode : 0);
  }

  @Override
  public void close() {
    engine.close();
  }
}
