package dev.mesh.node.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/** The command line of a household node's JVM: this JVM's java and classpath, and the module access java -jar would grant. */
final class HouseholdJvm {
  static final List<String> OPTIONS = List.of("-Xmx96m", "-XX:+UseSerialGC");

  private HouseholdJvm() {}

  static List<String> command(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(OPTIONS);
    command.addAll(manifestAccess());
    command.addAll(List.of("-cp", absoluteClassPath(), mainClass));
    command.addAll(args);
    return command;
  }

  /** The running classpath with each entry absolute, so a child started elsewhere finds the same jar. */
  static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * The jar's Add-Opens/Add-Exports as flags: java applies them only to {@code -jar}, and without them
   * Hazelcast warns and runs without its faster internal APIs.
   */
  static List<String> manifestAccess() {
    List<String> flags = new ArrayList<>();
    try {
      Path source = Path.of(HouseholdJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(source)) {
        return flags; // classes from a folder (an IDE, a test run): no manifest to follow
      }
      try (JarFile jar = new JarFile(source.toFile())) {
        Attributes main = jar.getManifest() == null ? new Attributes() : jar.getManifest().getMainAttributes();
        addEach(flags, "--add-opens=", main.getValue("Add-Opens"));
        addEach(flags, "--add-exports=", main.getValue("Add-Exports"));
      }
    } catch (IOException | URISyntaxException | SecurityException e) {
      return flags; // the node runs without them, only slower
    }
    return flags;
  }

  private static void addEach(List<String> flags, String flag, String packages) {
    if (packages != null) {
      Arrays.stream(packages.trim().split("\\s+")).forEach(p -> flags.add(flag + p + "=ALL-UNNAMED"));
    }
  }
}
