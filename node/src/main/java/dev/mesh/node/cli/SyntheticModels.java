package dev.mesh.node.cli;

import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's synthetic GGUFs, in {@code <dir>/models/<name>.gguf}: written once, reused by a later run there. */
final class SyntheticModels {
  private SyntheticModels() {}

  static Path file(Path dir, String name, SyntheticModel.Spec spec) throws IOException {
    Path file = dir.resolve("models").resolve(name + ".gguf");
    if (!Files.isRegularFile(file)) {
      Files.createDirectories(file.getParent());
      SyntheticModel.write(spec, file);
    }
    return file;
  }
}
