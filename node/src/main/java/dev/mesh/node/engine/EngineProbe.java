package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The capability probe run once at node start: checks the CPU flags, then actually starts an engine process
 * and loads the native library (and, given a model, generates a few tokens). If that process dies — SIGILL on
 * a CPU the flags misjudged, or anything else — the node advertises no local engine, with the reason.
 */
public final class EngineProbe {
  private static final int PROBE_TOKENS = 4;
  private static final int PROBE_CONTEXT_TOKENS = 128;

  private EngineProbe() {
  }

  /**
   * @param spec where and how to start the probe engine; its model may be {@code null} (library only)
   */
  public static ProbeResult run(CpuProbe cpu, EngineSpec spec, Duration timeout) {
    ProbeResult flags = cpu.check();
    if (!flags.available()) {
      return flags;
    }
    EngineSpec small = spec.withContext(PROBE_CONTEXT_TOKENS, spec.threads(), PROBE_CONTEXT_TOKENS);
    try (EngineProcess engine = EngineProcess.start(small)) {
      JsonNode probed = engine.probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String library = probed.path("library").asText(flags.library());
      if (spec.model() != null) {
        engine.load().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        engine.generate(GenerateRequest.greedy("Once upon a time", PROBE_TOKENS), text -> { })
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return new ProbeResult(true, "engine probe ran " + library + (spec.model() == null ? ""
          : " and generated " + PROBE_TOKENS + " tokens"), library, flags.cpuFeatures());
    } catch (ExecutionException e) {
      return flags.unavailable(why(e.getCause()));
    } catch (TimeoutException e) {
      return flags.unavailable("engine probe timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return flags.unavailable("engine probe interrupted");
    } catch (Exception e) {
      return flags.unavailable("engine probe could not start: " + e.getMessage());
    }
  }

  private static String why(Throwable failure) {
    if (failure instanceof EngineCrashedException crash && crash.exit().signal() != 0) {
      EngineExit exit = crash.exit();
      return "engine probe died with " + exit.signalName() + " (" + exit.describe() + ")";
    }
    if (failure instanceof EngineCrashedException crash) {
      return "engine probe died (" + crash.exit().describe() + ")";
    }
    return "engine probe failed: " + failure.getMessage();
  }
}
