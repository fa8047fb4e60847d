package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real engine processes killed from outside: the node must learn how they died and fail what was pending. Nothing
 * here depends on what the model says, so these run the same on stories260K and on the synthetic model.
 */
class EngineCrashTest {
  private static final long TIMEOUT_S = 30;
  private static TestModel model;

  @BeforeAll
  static void findModel() throws Exception {
    model = TestModel.find();
  }

  @Test
  void sigkillMidGenerationFailsThePendingCallNamingTheSignal(@TempDir Path workDir) throws Exception {
    try (EngineProcess engine = EngineProcess.start(model.spec(workDir))) {
      engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
      CompletableFuture<EngineExit> told = new CompletableFuture<>();
      engine.onExit(told::complete);

      // killed at its first token, with up to 399 to go
      CompletableFuture<GenerateResult> generation = engine.generate(
          GenerateRequest.greedy("Once upon a time", 400),
          once(() -> ProcessHandle.of(engine.pid()).ifPresent(ProcessHandle::destroyForcibly)));

      EngineCrashedException crash = crashOf(generation);
      assertThat(crash.exit().exitCode()).isEqualTo(137);
      assertThat(crash.exit().signal()).isEqualTo(9);
      assertThat(crash).hasMessage("engine process " + engine.pid()
          + " died: killed by signal 9 (SIGKILL) while generating");
      assertThat(told.get(TIMEOUT_S, TimeUnit.SECONDS).signalName()).isEqualTo("SIGKILL");
      assertThat(engine.alive()).isFalse();
      assertThat(crashOf(engine.tokenize("after death")).exit().activity()).isEqualTo("tokenizing");
    }
  }

  @Test
  void nativeFatalSignalIsNamedFromTheJvmCrashReport(@TempDir Path workDir) throws Exception {
    try (EngineProcess engine = EngineProcess.start(model.spec(workDir))) {
      engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
      CompletableFuture<GenerateResult> generation = engine.generate(
          GenerateRequest.greedy("Once upon a time", 400), once(() -> sigill(engine.pid())));

      // the JVM turns a SIGILL into a crash report and abort(): exit code 134 alone would say SIGABRT
      EngineCrashedException crash = crashOf(generation);
      assertThat(crash.exit().exitCode()).isEqualTo(134);
      assertThat(crash.exit().signalName()).isEqualTo("SIGILL");
      assertThat(crash).hasMessageContaining("fatal signal 4 (SIGILL)").hasMessageEndingWith("while generating");
    }
  }

  private static java.util.function.Consumer<String> once(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return text -> {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  private static void sigill(long pid) {
    try {
      new ProcessBuilder("kill", "-ILL", Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static EngineCrashedException crashOf(CompletableFuture<?> call) {
    Throwable cause = org.assertj.core.api.Assertions.catchThrowable(() -> call.get(TIMEOUT_S, TimeUnit.SECONDS));
    assertThat(cause).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EngineCrashedException.class);
    return (EngineCrashedException) cause.getCause();
  }

  @Test
  void closeEndsTheProcessAndIsNotACrash(@TempDir Path workDir) throws Exception {
    EngineProcess engine = EngineProcess.start(model.spec(workDir).withNiceness(0));
    engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
    engine.close();

    EngineExit exit = engine.exited().get(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(exit.requested()).isTrue();
    assertThat(exit.exitCode()).isZero();
    assertThat(ProcessHandle.of(engine.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> engine.embed("closed").get(TIMEOUT_S, TimeUnit.SECONDS)).cause()
        .isInstanceOf(EngineUnavailableException.class);
    try (var files = java.nio.file.Files.list(workDir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("no JVM crash report")
          .noneMatch(name -> name.startsWith("hs_err"));
    }
  }
}
