package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.NodeProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mesh} command as a user runs it: help, version, model tools, and config errors that name the problem. */
class CommandLineIT {
  @TempDir Path dir;

  @Test
  void printsHelpAndVersion() throws Exception {
    Result help = NodeProcess.run(dir, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).contains("node", "demo", "model");
    Result version = NodeProcess.run(dir, "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.output()).containsPattern("mesh \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void writesASyntheticModelAndInspectsIt() throws Exception {
    Path model = dir.resolve("tiny.gguf");
    Result synth = NodeProcess.run(dir, "model", "synth", "--out", model.toString(), "--layers", "2", "--dim", "64",
        "--ff", "128", "--quant", "q8_0");
    assertThat(synth.exitCode()).as(synth.output()).isZero();
    Result inspect = NodeProcess.run(dir, "model", "inspect", model.toString(), "--ctx", "512");
    assertThat(inspect.exitCode()).as(inspect.output()).isZero();
    assertThat(inspect.output()).contains("blockCount=2", "embeddingLength=64", "Q8_0", "KV");
  }

  @Test
  void refusesToStartOnACorruptGgufNamingTheConfigKey() throws Exception {
    Path corrupt = dir.resolve("broken.gguf");
    Files.write(corrupt, "this is not a model".getBytes());
    Path config = dir.resolve("node.yaml");
    Files.writeString(config, "dataDir: " + dir.resolve("data") + "\nmodels:\n  - path: " + corrupt + "\n");
    Result result = NodeProcess.run(dir, "node", "--config", config.toString());
    assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
    assertThat(result.output()).contains("models[0].path", corrupt.toString()).containsIgnoringCase("magic");
    assertThat(result.output()).doesNotContain("Exception");
  }

  @Test
  void refusesAnUnknownConfigKey() throws Exception {
    Path config = dir.resolve("node.yaml");
    Files.writeString(config, "htp:\n  port: 8080\n");
    Result result = NodeProcess.run(dir, "node", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("unknown key 'htp'");
  }
}
