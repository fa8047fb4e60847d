package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.protocol.task.Pooling;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingPoolingTest {
  @Test
  void decoderOnlyModelsPoolTheLastTokenUnlessTheyDeclareOneThatWorks() {
    assertThat(EmbeddingPooling.choose("llama", OptionalLong.empty()).pooling()).isEqualTo(Pooling.LAST);
    assertThat(EmbeddingPooling.choose("qwen2", OptionalLong.of(2)).pooling()).isEqualTo(Pooling.CLS);
    EmbeddingPooling mean = EmbeddingPooling.choose("llama", OptionalLong.of(1));
    assertThat(mean.pooling()).isEqualTo(Pooling.LAST);
    assertThat(mean.why()).contains("declares mean");
  }

  @Test
  void encodersPoolAsTheyDeclareElseMean() {
    assertThat(EmbeddingPooling.choose("nomic-bert", OptionalLong.of(1)).pooling()).isEqualTo(Pooling.MEAN);
    assertThat(EmbeddingPooling.choose("bert", OptionalLong.of(2)).pooling()).isEqualTo(Pooling.CLS);
    assertThat(EmbeddingPooling.choose("bert", OptionalLong.empty()).pooling()).isEqualTo(Pooling.MEAN);
    assertThat(EmbeddingPooling.choose("bert", OptionalLong.of(0)).pooling()).isEqualTo(Pooling.MEAN);
  }

  @Test
  void theModelFileReadsTheDeclarationFromTheHeader(@TempDir Path dir) throws Exception {
    Path cls = ModelFixtures.withPooling(dir, "cls", 2);
    assertThat(ModelFiles.read("k", "cls", cls, 256, 256).pooling().pooling()).isEqualTo(Pooling.CLS);
    Path none = ModelFixtures.write(dir, "plain", w -> w);
    assertThat(ModelFiles.read("k", "plain", none, 256, 256).pooling().pooling()).isEqualTo(Pooling.LAST);
  }
}
