package dev.mesh.node.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Names java-llama.cpp's native library the way its loader picks it: {@code <OS folder>/<arch folder>}. */
final class NativeLibrary {
  static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
  static final String LIB_PATH_PROPERTY = "de.kherud.llama.lib.path";

  private NativeLibrary() {
  }

  /** e.g. "Linux/x86_64", "Mac/aarch64": the folder inside the jar the loader extracts from. */
  static String bundledFolder(String osName, String arch) {
    return osFolder(osName) + "/" + archFolder(arch);
  }

  static String bundledFolder() {
    return bundledFolder(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  static String osFolder(String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return "Windows";
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return "Mac";
    }
    return os.startsWith("linux") ? "Linux" : osName.replace(" ", "");
  }

  static String archFolder(String arch) {
    String a = arch.toLowerCase(Locale.ROOT);
    if (a.equals("amd64") || a.equals("x86_64") || a.equals("x64")) {
      return "x86_64";
    }
    return a.equals("arm64") ? "aarch64" : a;
  }

  static boolean isX86_64(String arch) {
    return archFolder(arch).equals("x86_64");
  }

  /** In the child, after loading: which library runs. The loader extracts the bundled one into its tmpdir. */
  static String describeLoaded() {
    String custom = System.getProperty(LIB_PATH_PROPERTY);
    Path extracted = extractedFile();
    if (extracted != null && Files.exists(extracted)) {
      return "bundled " + bundledFolder();
    }
    return custom != null ? "local " + custom : "system (java.library.path)";
  }

  static Path extractedFile() {
    String dir = System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir"));
    return dir == null ? null : Path.of(dir, System.mapLibraryName("jllama"));
  }

  static String osDescription() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
  }
}
