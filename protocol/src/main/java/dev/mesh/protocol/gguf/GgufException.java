package dev.mesh.protocol.gguf;

import java.nio.file.Path;

/** A file that is not a usable GGUF model; the message is one line naming the file, what and where. */
public final class GgufException extends RuntimeException {

  private final Path file;

  public GgufException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public GgufException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file the problem was found in. */
  public Path file() {
    return file;
  }
}
