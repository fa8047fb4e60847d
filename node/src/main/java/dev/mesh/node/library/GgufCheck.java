package dev.mesh.node.library;

import dev.mesh.protocol.gguf.GgufException;
import dev.mesh.protocol.gguf.GgufReader;
import dev.mesh.protocol.gguf.ModelShape;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a file's header reads as a model the mesh can describe; reads the header only, never the weights. */
final class GgufCheck {

  private GgufCheck() {}

  /** Empty if {@code file} is a usable GGUF, else why not, in one line that does not repeat the path. */
  static Optional<String> problem(Path file) {
    try {
      ModelShape.of(GgufReader.read(file));
      return Optional.empty();
    } catch (GgufException e) {
      return Optional.of("not a GGUF: " + withoutPath(e));
    } catch (IllegalArgumentException e) {
      // ModelShape's own checks: a header that parses but declares an impossible shape
      return Optional.of("not a GGUF: " + e.getMessage());
    }
  }

  private static String withoutPath(GgufException e) {
    String prefix = e.file() + ": ";
    String message = e.getMessage();
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
