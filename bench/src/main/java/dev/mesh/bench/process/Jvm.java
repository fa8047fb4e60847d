package dev.mesh.bench.process;

import java.nio.file.Path;

/** The java executable children are started with: this JVM's own, so every process runs the same runtime. */
public final class Jvm {
  private Jvm() {}

  public static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
