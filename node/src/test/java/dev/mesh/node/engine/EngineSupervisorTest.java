package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.node.engine.EngineStatus.State;
import dev.mesh.node.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSupervisorTest {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final RestartPolicy FAST =
      new RestartPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 3, Duration.ofSeconds(60));
  private static TestModel model;

  @BeforeAll
  static void findModel() throws Exception {
    model = TestModel.find();
  }

  @Test
  void restartsAfterSigkillAndServesTheNextGeneration(@TempDir Path workDir) throws Exception {
    List<EngineStatus> seen = new CopyOnWriteArrayList<>();
    try (EngineSupervisor supervisor = EngineSupervisor.start(model.spec(workDir), true, FAST)) {
      supervisor.onStatus(seen::add);
      awaitState(supervisor, State.READY);
      long firstPid = supervisor.status().pid();
      GenerateResult before = supervisor.generate(GenerateRequest.greedy("Once upon a time", 20), t -> { })
          .get(30, TimeUnit.SECONDS);
      AtomicBoolean killed = new AtomicBoolean();

      CompletableFuture<GenerateResult> doomed = supervisor.generate(
          GenerateRequest.greedy("Once upon a time", 400), text -> {
            if (killed.compareAndSet(false, true)) {
              ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);
            }
          });

      assertThat(EngineCrashTest.crashOf(doomed)).hasMessageContaining("SIGKILL");
      assertThatThrownBy(() -> supervisor.tokenize("now?").get(1, TimeUnit.SECONDS)).cause()
          .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("restarting: engine process "
              + firstPid + " died: killed by signal 9 (SIGKILL) while generating");
      awaitState(supervisor, State.READY);
      GenerateResult after = supervisor.generate(GenerateRequest.greedy("Once upon a time", 20), t -> { })
          .get(30, TimeUnit.SECONDS);

      assertThat(after.text()).as("greedy text from the restarted engine").isEqualTo(before.text()).isNotBlank();
      assertThat(after.completionTokens()).isEqualTo(20);
      if (model.real()) {
        assertThat(after.text()).contains("Lily");
      }
      assertThat(supervisor.status().restarts()).isEqualTo(1);
      assertThat(supervisor.status().pid()).isNotEqualTo(firstPid).isPositive();
      assertThat(supervisor.embed("one model serves both").get(30, TimeUnit.SECONDS).vector())
          .hasSize(model.embeddingWidth());
      assertThat(seen).extracting(EngineStatus::state).containsSubsequence(State.READY, State.RESTARTING,
          State.READY);
    }
  }

  @Test
  void givesUpAfterTooManyCrashesInARow(@TempDir Path workDir) throws Exception {
    RestartPolicy oneRetry = new RestartPolicy(Duration.ofMillis(50), Duration.ofMillis(50), 1,
        Duration.ofSeconds(60));
    try (EngineSupervisor supervisor = EngineSupervisor.start(model.spec(workDir), false, oneRetry)) {
      awaitState(supervisor, State.READY);
      long first = supervisor.status().pid();
      ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly);
      Poll.until("a restarted engine", READY_TIMEOUT,
          () -> supervisor.status().ready() && supervisor.status().pid() != first);
      ProcessHandle.of(supervisor.status().pid()).ifPresent(ProcessHandle::destroyForcibly);
      awaitState(supervisor, State.UNUSABLE);

      assertThat(supervisor.status().reason()).startsWith("crashed 2 times in a row; last: engine process")
          .contains("SIGKILL");
      assertThat(supervisor.status().toString()).startsWith("unusable: crashed 2 times");
    }
  }

  @Test
  void marksUnusableWhenTheModelCannotLoad(@TempDir Path workDir) throws Exception {
    EngineSpec missing = new EngineSpec(workDir.resolve("no-such-model.gguf"), 512, 2, 512, workDir, null,
        null, null, 0);
    try (EngineSupervisor supervisor = EngineSupervisor.start(missing, false, FAST)) {
      awaitState(supervisor, State.UNUSABLE);

      assertThat(supervisor.status().reason()).startsWith("load failed: model file not readable");
      assertThatThrownBy(() -> supervisor.embed("x").get(1, TimeUnit.SECONDS)).cause()
          .isInstanceOf(EngineUnavailableException.class).hasMessageContaining("is unusable: load failed");
      assertThat(supervisor.status().restarts()).isZero();
    }
  }

  private static void awaitState(EngineSupervisor supervisor, State state) throws Exception {
    Poll.until("engine " + state + " (now " + supervisor.status() + ")", READY_TIMEOUT,
        () -> supervisor.status().state() == state);
  }
}
