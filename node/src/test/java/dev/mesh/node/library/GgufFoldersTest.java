package dev.mesh.node.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.FakeOllamaStore;
import dev.mesh.node.library.FoundModel.Source;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFoldersTest {
  @TempDir
  static Path shared;
  static Path gguf;

  @BeforeAll
  static void writeModel() throws IOException {
    gguf = shared.resolve("synthetic.gguf");
    SyntheticModel.write(SyntheticModel.Spec.defaults(), gguf);
  }

  @Test
  void findsGgufFilesOfAnySuffixCaseDirectlyInTheFolderOnly(@TempDir Path dir) throws IOException {
    Files.copy(gguf, dir.resolve("a.gguf"));
    Files.copy(gguf, dir.resolve("B.GGUF"));
    Files.copy(gguf, dir.resolve("c.bin"));
    Files.copy(gguf, Files.createDirectories(dir.resolve("sub")).resolve("d.gguf"));

    Discovery models = GgufFolders.list(List.of(dir));

    assertThat(models.skipped()).isEmpty();
    assertThat(models.found()).containsExactlyInAnyOrder(
        new FoundModel("a", dir.resolve("a.gguf"), Source.FOLDER),
        new FoundModel("B", dir.resolve("B.GGUF"), Source.FOLDER));
  }

  @Test
  void reportsAMissingFolderAndAFileListedAsOneAndStillListsTheOthers(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("not-there");
    Path file = Files.copy(gguf, dir.resolve("listed-as-folder.gguf"));
    Path models = Files.createDirectories(dir.resolve("models"));
    Files.copy(gguf, models.resolve("a.gguf"));

    Discovery found = GgufFolders.list(List.of(missing, file, models));

    assertThat(found.found()).extracting(FoundModel::name).containsExactly("a");
    assertThat(found.skipped()).containsExactly(
        new SkippedModel(Source.FOLDER, missing.toString(), "folder does not exist"),
        new SkippedModel(Source.FOLDER, file.toString(), "not a folder"));
  }

  @Test
  void skipsAGgufNamedFileThatIsNotOne(@TempDir Path dir) throws IOException {
    Files.copy(gguf, dir.resolve("good.gguf"));
    Path noise = FakeOllamaStore.noise(dir.resolve("noise.gguf"), 4096);

    Discovery models = GgufFolders.list(List.of(dir));

    assertThat(models.found()).extracting(FoundModel::name).containsExactly("good");
    assertThat(models.skipped()).singleElement().satisfies(s -> {
      assertThat(s.where()).isEqualTo(noise.toString());
      assertThat(s.reason()).startsWith("not a GGUF: ").contains("magic");
    });
  }

  @Test
  void ignoresTheMetadataFilesMacOsWritesBesideModels(@TempDir Path dir) throws IOException {
    Files.copy(gguf, dir.resolve("a.gguf"));
    FakeOllamaStore.noise(dir.resolve("._a.gguf"), 4096);

    Discovery models = GgufFolders.list(List.of(dir));

    assertThat(models.skipped()).isEmpty();
    assertThat(models.found()).extracting(FoundModel::name).containsExactly("a");
  }
}
