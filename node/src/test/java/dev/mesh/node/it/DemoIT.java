package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.NodeProcess.Result;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the offline demo runs real inference on the synthetic model and reports it. */
class DemoIT {
  @TempDir Path dir;

  @Test
  void demoRunsEveryKindOnTheSyntheticModelAndPrintsTextEmbeddingAndSpeed() throws Exception {
    // run as a user would, with the jar named relative to the working folder (engines run elsewhere)
    Result demo = NodeProcess.runFromJarFolder(dir, "demo", "--once", "--data-dir", dir.resolve("data").toString());
    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(Pattern.compile("\\] succeeded in").matcher(demo.output()).results().count()).as(demo.output())
        .isEqualTo(8);
    assertThat(demo.output()).contains("text: ", "embedding of dimension 128", "synthetic: output is nonsense")
        .containsPattern("decode \\d+ tok/s").contains("/cluster/status");
    assertThat(demo.output()).doesNotContain("Exception", "WARNING");
  }
}
