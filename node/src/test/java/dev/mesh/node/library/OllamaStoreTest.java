package dev.mesh.node.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.FakeOllamaStore;
import dev.mesh.node.library.FoundModel.Source;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OllamaStoreTest {
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
  void namesModelsAsOllamaListShowsThem(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir);
    String digest = store.blob(gguf);
    store.model("registry.ollama.ai/library/qwen2.5/3b", digest, ggufBytes);
    store.model("registry.ollama.ai/library/qwen2.5/latest", digest, ggufBytes);
    store.model("registry.ollama.ai/someuser/mymodel/q4", digest, ggufBytes);
    store.model("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF/Q4_K_M", digest, ggufBytes);

    Discovery models = OllamaStore.at(dir).models();

    assertThat(models.skipped()).isEmpty();
    assertThat(models.found()).extracting(FoundModel::name).containsExactly(
        "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "qwen2.5:3b", "qwen2.5:latest", "someuser/mymodel:q4");
    assertThat(models.found()).allSatisfy(m -> {
      assertThat(m.path()).isEqualTo(store.blobPath(digest));
      assertThat(m.source()).isEqualTo(Source.OLLAMA);
    });
  }

  @Test
  void findsTheStoreInOllamaModelsBeforeTheOneInTheHomeFolder(@TempDir Path dir) throws IOException {
    Path home = dir.resolve("home");
    FakeOllamaStore inHome = new FakeOllamaStore(home.resolve(".ollama/models"));
    inHome.model("registry.ollama.ai/library/from-home/latest", inHome.blob(gguf), ggufBytes);
    FakeOllamaStore moved = new FakeOllamaStore(dir.resolve("big-disk/ollama"));
    moved.model("registry.ollama.ai/library/from-env/latest", moved.blob(gguf), ggufBytes);

    Discovery models = Discovery.run(new LibrarySettings(true, null, List.of()),
        Map.of("OLLAMA_MODELS", moved.root.toString()), home);

    assertThat(models.found()).extracting(FoundModel::name).containsExactly("from-env:latest");
  }

  @Test
  void fallsBackFromAMissingOllamaModelsToTheHomeStoreThenTheSystemOne(@TempDir Path dir) throws IOException {
    Path home = dir.resolve("home");
    Path homeStore = Files.createDirectories(home.resolve(".ollama/models"));
    Path system = Files.createDirectories(dir.resolve("usr/share/ollama/.ollama/models"));
    Map<String, String> env = Map.of("OLLAMA_MODELS", dir.resolve("not-there").toString());

    assertThat(OllamaStore.locate(env, home, system)).get().extracting(OllamaStore::root).isEqualTo(homeStore);
    assertThat(OllamaStore.locate(env, dir.resolve("nobody"), system)).get()
        .extracting(OllamaStore::root).isEqualTo(system);
    assertThat(OllamaStore.locate(env, dir.resolve("nobody"), dir.resolve("no-system"))).isEmpty();
  }

  @Test
  void aStoreWithoutManifestsHasNoModelsAndNoProblems(@TempDir Path dir) {
    assertThat(OllamaStore.at(dir).models()).isEqualTo(Discovery.EMPTY);
  }

  @Test
  void skipsEachBrokenModelWithItsReasonAndFindsTheRest(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir);
    String digest = store.blob(gguf);
    store.model("registry.ollama.ai/library/good/latest", digest, ggufBytes);
    Path missing = store.model("registry.ollama.ai/library/missing/latest", "sha256:" + "0".repeat(64), ggufBytes);
    Path truncated = store.model("registry.ollama.ai/library/truncated/latest", digest, ggufBytes + 1);
    Path badJson = store.manifest("registry.ollama.ai/library/badjson/latest",
        "{\"schemaVersion\":2,\n \"layers\":[{\"mediaType\": }]}");
    Path noModel = store.manifest("registry.ollama.ai/library/nomodel/latest", """
        {"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.template","digest":"%s","size":3}]}
        """.formatted(digest));
    Path shortDigest = store.model("registry.ollama.ai/library/shortdigest/latest", "sha256:abc", ggufBytes);
    Path notGguf = store.model("registry.ollama.ai/library/noise/latest",
        store.blob(FakeOllamaStore.noise(dir.resolve("noise.bin"), 4096)), 4096);

    Discovery models = OllamaStore.at(dir).models();

    assertThat(models.found()).extracting(FoundModel::name).containsExactly("good:latest");
    Map<String, String> reasons = models.skipped().stream()
        .collect(Collectors.toMap(SkippedModel::where, SkippedModel::reason));
    assertThat(reasons).hasSize(6);
    assertThat(reasons.get(missing.toString())).isEqualTo("missing blob sha256-" + "0".repeat(64));
    assertThat(reasons.get(truncated.toString())).startsWith("size mismatch")
        .contains(ggufBytes + " bytes, the manifest says " + (ggufBytes + 1));
    assertThat(reasons.get(badJson.toString())).startsWith("bad JSON at line 2, column ");
    assertThat(reasons.get(noModel.toString())).startsWith("no model layer");
    assertThat(reasons.get(shortDigest.toString())).startsWith("bad digest \"sha256:abc\"");
    assertThat(reasons.get(notGguf.toString())).startsWith("not a GGUF: ").contains("magic");
    assertThat(models.skipped()).allSatisfy(s -> assertThat(s.source()).isEqualTo(Source.OLLAMA));
  }

  @Test
  void aDigestCannotReachAFileOutsideTheBlobsFolder(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir);
    // with this folder present, blobs/sha256-/../../outside.gguf is a real path to a real model
    Files.createDirectories(dir.resolve("blobs/sha256-"));
    Files.copy(gguf, dir.resolve("outside.gguf"));
    Path manifest = store.model("registry.ollama.ai/library/escape/latest", "sha256:/../../outside.gguf", ggufBytes);

    Discovery models = OllamaStore.at(dir).models();

    assertThat(models.found()).isEmpty();
    assertThat(models.skipped()).singleElement().satisfies(s -> {
      assertThat(s.where()).isEqualTo(manifest.toString());
      assertThat(s.reason()).startsWith("bad digest \"sha256:/../../outside.gguf\"");
    });
  }

  @Test
  void followsLinkedManifestFoldersAndBlobs(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir.resolve("store"));
    String digest = store.blob(gguf);
    Path blob = store.blobPath(digest);
    Files.move(blob, dir.resolve("other-disk.gguf"));
    Files.createSymbolicLink(blob, dir.resolve("other-disk.gguf"));
    FakeOllamaStore elsewhere = new FakeOllamaStore(dir.resolve("elsewhere"));
    elsewhere.model("someuser/linked/latest", digest, ggufBytes);
    Files.createDirectories(store.root.resolve("manifests/registry.ollama.ai"));
    Files.createSymbolicLink(store.root.resolve("manifests/registry.ollama.ai/someuser"),
        elsewhere.root.resolve("manifests/someuser"));

    Discovery models = OllamaStore.at(store.root).models();

    assertThat(models.skipped()).isEmpty();
    assertThat(models.found()).extracting(FoundModel::name).containsExactly("someuser/linked:latest");
  }

  @Test
  void ignoresDotFilesBesideManifests(@TempDir Path dir) throws IOException {
    FakeOllamaStore store = new FakeOllamaStore(dir);
    store.model("registry.ollama.ai/library/qwen2.5/3b", store.blob(gguf), ggufBytes);
    store.manifest("registry.ollama.ai/library/qwen2.5/.DS_Store", "\0\0\0\1Bud1");

    Discovery models = OllamaStore.at(dir).models();

    assertThat(models.skipped()).isEmpty();
    assertThat(models.found()).extracting(FoundModel::name).containsExactly("qwen2.5:3b");
  }
}
