package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One machine of the emulated household (or the demo's cloud): a {@code mesh node} child JVM (same java, same
 * classpath) with its profile, its YAML in {@code <dir>/<name>.yaml} and its output in {@code <dir>/<name>.log}.
 */
final class HouseholdNode {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long STOP_GRACE_SECONDS = 20;
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ more)");
  /** Logging levels are not node config; every other MESH_* variable would override the demo's YAML. */
  private static final List<String> INHERITED_MESH_VARIABLES = List.of("MESH_LOG_LEVEL", "MESH_HAZELCAST_LOG");

  private final String name;
  private final String profile;
  private final int engineThreads;
  private final int httpPort;
  private final int clusterPort;
  private final Path dir;
  private Process process;
  private List<ProcessHandle> tree = List.of();

  /** A household machine: its profile is its name. */
  HouseholdNode(String name, int engineThreads, int httpPort, int clusterPort, Path dir) {
    this(name, name, engineThreads, httpPort, clusterPort, dir);
  }

  /** {@code profile} null: no emulated hardware limits (the demo's cloud). */
  HouseholdNode(String name, String profile, int engineThreads, int httpPort, int clusterPort, Path dir) {
    this.name = name;
    this.profile = profile;
    this.engineThreads = engineThreads;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.dir = dir;
  }

  String name() {
    return name;
  }

  int engineThreads() {
    return engineThreads;
  }

  String member() {
    return "127.0.0.1:" + clusterPort;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  Path log() {
    return dir.resolve(name + ".log");
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  Process process() {
    return process;
  }

  /**
   * Writes the node's YAML and starts it; {@code clusterName} null: alone, in no cluster; {@code more}: further
   * top-level keys (its {@code remotes:}).
   */
  void start(String clusterName, List<String> members, List<Map<String, Object>> models, Map<String, Object> more)
      throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name);
    if (profile != null) {
      config.put("profile", profile);
    }
    config.put("dataDir", dir.resolve(name).toString());
    config.put("http", Map.of("host", "127.0.0.1", "port", httpPort));
    config.put("cluster", clusterName == null ? Map.of("enabled", false)
        : Map.of("name", clusterName, "host", "127.0.0.1", "port", clusterPort, "members", members));
    config.put("engine", Map.of("threads", engineThreads));
    config.put("library", Map.of("ollama", false)); // the demo household serves its own models only
    if (!models.isEmpty()) {
      config.put("models", models);
    }
    config.putAll(more);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, YAML.writeValueAsString(config));
    List<String> command = HouseholdJvm.command(Mesh.class.getName(), List.of("node", "--config", file.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("MESH_") && !INHERITED_MESH_VARIABLES.contains(key));
    process = builder.start();
  }

  /** Asks the node to stop (SIGTERM: it ends its engines first), remembering its process tree. */
  void requestStop() {
    if (process != null && process.isAlive()) {
      tree = process.descendants().toList(); // now: once the node has exited, its engines have no parent to find them by
      process.destroy();
    }
  }

  /** Waits for the node to exit (killing it after a grace period), then kills whatever is left of its tree. */
  void awaitStopped() throws InterruptedException {
    if (process != null && !process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** The last lines of the node's log without stack frames: the messages that say why it failed. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log()).stream().filter(line -> !STACK_FRAME.matcher(line).find()).toList();
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log() + ": " + e.getMessage() + ")";
    }
  }
}
