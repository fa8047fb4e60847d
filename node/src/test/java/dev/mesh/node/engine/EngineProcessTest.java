package dev.mesh.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real engine process, shared by these tests: on stories260K, or on the synthetic model when ../shared is
 * absent (then the checks of what a trained model says — coherent English, its exact text, its tokenizer — are
 * left out; every check of how the engine behaves still runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineProcessTest {
  private static final long TIMEOUT_S = 30;
  private static final String PROMPT = "Once upon a time";
  private TestModel model;
  private EngineProcess engine;
  private LoadResult loaded;
  private long rssAfterLoad;

  @BeforeAll
  void startEngine(@TempDir Path workDir) throws Exception {
    model = TestModel.find();
    long start = System.nanoTime();
    engine = EngineProcess.start(model.spec(workDir));
    loaded = engine.load().get(TIMEOUT_S, TimeUnit.SECONDS);
    rssAfterLoad = engine.rssBytes();
    System.out.printf("engine start+load %d ms (load %d ms in the child), RSS after load %d MB, %s%n",
        (System.nanoTime() - start) / 1_000_000, loaded.loadMs(), rssAfterLoad >> 20, loaded.library());
  }

  @AfterAll
  void closeEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void loadReportsContextAndBundledLibrary() {
    assertThat(loaded.contextTokens()).isEqualTo(512);
    assertThat(loaded.library()).startsWith("bundled " + NativeLibrary.bundledFolder());
    assertThat(loaded.libraryFile()).contains(EngineCommand.NATIVE_DIR);
  }

  @Test
  void generatesCoherentEnglishAndStreamsEveryToken() throws Exception {
    List<String> streamed = new CopyOnWriteArrayList<>();
    GenerateResult result = engine.generate(GenerateRequest.greedy(PROMPT, 40), streamed::add)
        .get(TIMEOUT_S, TimeUnit.SECONDS);

    if (model.real()) {
      assertThat(result.text()).contains("Lily").contains(" there was a little girl");
      assertThat(result.promptTokens()).isEqualTo(4);
    }
    assertThat(result.text()).isNotBlank();
    assertThat(result.completionTokens()).isEqualTo(40);
    assertThat(streamed).hasSize(result.completionTokens());
    assertThat(String.join("", streamed)).isEqualTo(result.text());
    assertThat(result.promptTokens()).isEqualTo(engine.tokenize(PROMPT).get(TIMEOUT_S, TimeUnit.SECONDS));
    assertThat(result.stopReason()).isEqualTo("length");
    System.out.printf("generate 40 tokens: prefill %d ms, decode %d ms = %.0f tok/s%n", result.prefillMs(),
        result.decodeMs(), result.decodeTokensPerSecond());
  }

  @Test
  void stopsAtStopStringAndLeavesItOut() throws Exception {
    String full = engine.generate(GenerateRequest.greedy(PROMPT, 40), text -> { }).get(TIMEOUT_S, TimeUnit.SECONDS)
        .text();
    // stories260K ends its first sentence; the synthetic model's greedy text ("s333...") gets its second character
    String stop = model.real() ? "." : firstCharacterUnlikeTheFirst(full);
    GenerateRequest request = GenerateRequest.greedy(PROMPT, 40).withStop(List.of(stop));
    GenerateResult result = engine.generate(request, text -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);

    if (model.real()) {
      assertThat(result.text()).isEqualTo(", there was a little girl named Lily");
    }
    assertThat(full).as("greedy text without a stop string").contains(stop);
    assertThat(result.text()).isEqualTo(full.substring(0, full.indexOf(stop))).isNotEmpty();
    assertThat(result.stopReason()).isEqualTo("stop");
    assertThat(result.completionTokens()).isLessThan(40);
  }

  private static String firstCharacterUnlikeTheFirst(String text) {
    return text.chars().skip(1).filter(c -> c != text.charAt(0)).mapToObj(Character::toString).findFirst()
        .orElseThrow(() -> new AssertionError("greedy text is one character repeated: " + text));
  }

  @Test
  void cancelEndsGenerationEarlyWithPartialText() throws Exception {
    AtomicReference<CompletableFuture<GenerateResult>> running = new AtomicReference<>();
    CompletableFuture<GenerateResult> generation = engine.generate(GenerateRequest.greedy(PROMPT, 400),
        text -> {
          if (running.get() != null) {
            engine.cancel(running.get());
          }
        });
    running.set(generation);
    GenerateResult result = generation.get(TIMEOUT_S, TimeUnit.SECONDS);

    assertThat(result.stopReason()).isEqualTo("cancelled");
    // the claim is "stopped before its budget": how many tokens slip out before the cancel lands depends on load
    // (223 of 400 seen with a chaos run beside it on 2 cores), so no tighter bound
    assertThat(result.completionTokens()).isBetween(1, 399);
    if (model.real()) {
      assertThat(result.text()).startsWith(",");
    }
    GenerateResult uncancelled = engine.generate(GenerateRequest.greedy(PROMPT, result.completionTokens()),
        text -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(result.text()).as("partial text of a cancelled greedy generation").isNotEmpty()
        .isEqualTo(uncancelled.text());
  }

  @Test
  void embedsTheSameSentenceTheSameWayAndDifferentOnesDifferently() throws Exception {
    EmbedResult cat = engine.embed("The cat sat on the mat.").get(TIMEOUT_S, TimeUnit.SECONDS);
    EmbedResult catAgain = engine.embed("The cat sat on the mat.").get(TIMEOUT_S, TimeUnit.SECONDS);
    EmbedResult dog = engine.embed("A dog ran in the park.").get(TIMEOUT_S, TimeUnit.SECONDS);

    assertThat(cat.vector()).hasSize(model.embeddingWidth()).isEqualTo(catAgain.vector());
    assertThat(dog.vector()).hasSize(model.embeddingWidth()).isNotEqualTo(cat.vector());
    assertThat(cat.tokens()).isGreaterThan(3);
  }

  @Test
  void tokenizeCountsTokensWithoutBos() throws Exception {
    int tokens = engine.tokenize(PROMPT).get(TIMEOUT_S, TimeUnit.SECONDS);
    if (model.real()) {
      assertThat(tokens).isEqualTo(4);
    } else {
      // a byte vocabulary: one token per UTF-8 byte of the SentencePiece text "▁Once▁upon▁a▁time"
      assertThat(tokens).isEqualTo(("\u2581" + PROMPT.replace(' ', '\u2581')).getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(engine.tokenize("").get(TIMEOUT_S, TimeUnit.SECONDS)).as("no BOS").isZero();
  }

  @Test
  void benchMeasuresPositiveRatesByRealGeneration() throws Exception {
    BenchResult bench = engine.bench(64, 64).get(TIMEOUT_S, TimeUnit.SECONDS);
    BenchResult longer = engine.bench(64, 256).get(TIMEOUT_S, TimeUnit.SECONDS);

    assertThat(bench.prefillTokensPerSecond()).isPositive();
    assertThat(bench.decodeTokensPerSecond()).isPositive();
    System.out.printf("bench 64/64: prefill %.0f tok/s, decode %.0f tok/s; 64/256: decode %.0f tok/s%n",
        bench.prefillTokensPerSecond(), bench.decodeTokensPerSecond(), longer.decodeTokensPerSecond());
  }

  @Test
  void refusesWorkBeyondTheContextAndStaysUp() throws Exception {
    CompletableFuture<GenerateResult> tooLong = engine.generate(GenerateRequest.greedy(PROMPT, 600),
        text -> { });

    assertThatThrownBy(() -> tooLong.get(TIMEOUT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(EngineException.class).hasMessageContaining("exceeds the context of 512")
        .extracting(e -> ((EngineException) e).code()).isEqualTo("context_exceeded");
    assertThat(engine.tokenize("still here").get(TIMEOUT_S, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void refusesASecondLoad() {
    assertThatThrownBy(() -> engine.load().get(TIMEOUT_S, TimeUnit.SECONDS)).cause()
        .isInstanceOf(EngineException.class).hasMessageContaining("already serves");
  }

  @Test
  void runsNicedAndReportsItsResidentMemory() throws Exception {
    assertThat(rssAfterLoad).isGreaterThan(10L << 20);
    assertThat(engine.alive()).isTrue();
    if (EngineCommand.nice().isPresent() && Files.isDirectory(Path.of("/proc"))) {
      String stat = Files.readString(Path.of("/proc", Long.toString(engine.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      assertThat(fields[16]).as("nice value").isEqualTo("5"); // field 19 of /proc/PID/stat
    }
  }
}
