package dev.mesh.node.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.FakeOllamaStore;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mesh.node.library.FoundModel.Source;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DiscoveryTest {
  @TempDir
  static Path shared;
  static Path gguf;
  static long ggufBytes;

  @BeforeAll
  static void writeModel() throws IOException {
    gguf = shared.resolve("synthetic.gguf");
    SyntheticModel.write(SyntheticModel.Spec.defaults(), gguf);
    ggufBytes = Files.size(gguf);
  }

  @Test
  void anOllamaModelWinsOverAFolderFileOfTheSameName(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir.resolve("store"));
    String digest = store.blob(gguf);
    store.model("registry.ollama.ai/library/m/q4", digest, ggufBytes);
    // "a-folder" sorts before "store": the winner is chosen by source, not by path
    Path folder = Files.createDirectories(dir.resolve("a-folder"));
    Path clash = Files.copy(gguf, folder.resolve("m:q4.gguf"));

    Discovery models = Discovery.run(new LibrarySettings(true, store.root, List.of(folder)), Map.of(), dir);

    assertThat(models.found()).containsExactly(new FoundModel("m:q4", store.blobPath(digest), Source.OLLAMA));
    assertThat(models.skipped()).containsExactly(new SkippedModel(Source.FOLDER, clash.toString(),
        "name already used by " + store.blobPath(digest)));
  }

  @Test
  void theFirstListedFolderWinsANameClash(@TempDir Path dir) throws IOException {
    Path z = Files.createDirectories(dir.resolve("z"));
    Path a = Files.createDirectories(dir.resolve("a"));
    Files.copy(gguf, z.resolve("same.gguf"));
    Files.copy(gguf, a.resolve("same.gguf"));

    Discovery models = Discovery.run(new LibrarySettings(false, null, List.of(z, a)), Map.of(), dir);

    assertThat(models.found()).extracting(FoundModel::path).containsExactly(z.resolve("same.gguf"));
    assertThat(models.skipped()).singleElement().satisfies(s -> {
      assertThat(s.where()).isEqualTo(a.resolve("same.gguf").toString());
      assertThat(s.reason()).isEqualTo("name already used by " + z.resolve("same.gguf"));
    });
  }

  @Test
  void sortsModelsByNameAcrossSources(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir.resolve("store"));
    store.model("registry.ollama.ai/library/beta/latest", store.blob(gguf), ggufBytes);
    Path folder = Files.createDirectories(dir.resolve("models"));
    Files.copy(gguf, folder.resolve("zeta.gguf"));
    Files.copy(gguf, folder.resolve("Alpha.gguf"));

    Discovery models = Discovery.run(new LibrarySettings(true, store.root, List.of(folder)), Map.of(), dir);

    assertThat(models.found()).extracting(FoundModel::name).containsExactly("Alpha", "beta:latest", "zeta");
  }

  @Test
  void aConfiguredStoreThatDoesNotExistIsReportedNotReplaced(@TempDir Path dir) throws IOException {
    FakeOllamaStore fromEnv = new FakeOllamaStore(dir.resolve("env-store"));
    fromEnv.model("registry.ollama.ai/library/m/latest", fromEnv.blob(gguf), ggufBytes);
    Path typo = dir.resolve("ollama-modles");

    Discovery models = Discovery.run(new LibrarySettings(true, typo, List.of()),
        Map.of("OLLAMA_MODELS", fromEnv.root.toString()), dir);

    assertThat(models.found()).isEmpty();
    assertThat(models.skipped()).extracting(SkippedModel::where).containsExactly(typo.toString());
  }

  @Test
  void turningOllamaOffIgnoresItsStore(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir.resolve("store"));
    store.model("registry.ollama.ai/library/m/latest", store.blob(gguf), ggufBytes);

    Discovery models = Discovery.run(new LibrarySettings(false, store.root, List.of()),
        Map.of("OLLAMA_MODELS", store.root.toString()), dir);

    assertThat(models).isEqualTo(Discovery.EMPTY);
  }

  @Test
  void logsEachSkippedModelOnceAtWarnNamingWhereAndWhy(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir.resolve("store"));
    Path manifest = store.model("registry.ollama.ai/library/gone/latest", "sha256:" + "0".repeat(64), ggufBytes);
    Path missing = dir.resolve("not-there");
    Logger logger = (Logger) LoggerFactory.getLogger(Discovery.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      Discovery.run(new LibrarySettings(true, store.root, List.of(missing)), Map.of(), dir);
    } finally {
      logger.detachAppender(log);
    }

    assertThat(log.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "ollama model skipped: " + manifest + ": missing blob sha256-" + "0".repeat(64),
        "folder model skipped: " + missing + ": folder does not exist");
  }
}
