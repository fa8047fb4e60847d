package dev.mesh.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mesh.node.cli.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real node: {@code java -jar mesh-node.jar node} in its own JVM with its own data folder, a
 * free HTTP port and (alone, or as a member of a {@link MeshCluster}) a cluster on loopback. Its
 * output goes to node.log.
 */
public final class NodeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** Duplicate keys fail: two {@code engine:} lines in one test's YAML would silently drop the first. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final String name;
  private final Path dataDir;
  private final Path configFile;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> env = new HashMap<>();
  private Process process;
  private boolean paused;

  private NodeProcess(String name, Path dataDir, Path configFile, int port) {
    this.name = name;
    this.dataDir = dataDir;
    this.configFile = configFile;
    this.port = port;
  }

  /** Writes node.yaml for a node serving {@code model} (null: the synthetic default) in {@code dataDir}. */
  public static NodeProcess configure(Path dataDir, Path model, String extraYaml) throws IOException {
    int port = freePort();
    String yaml = "name: it-node\n"
        + "dataDir: " + dataDir.resolve("data") + "\n"
        + "http: {host: 127.0.0.1, port: " + port + "}\n"
        + "cluster: {name: it-" + UUID.randomUUID() + ", host: 127.0.0.1, port: " + freePort() + "}\n"
        + "engine: {threads: 1, contextTokens: 2048}\n"
        // hermetic: never the test machine's own Ollama models, unless the test sets its own library
        + (extraYaml != null && extraYaml.contains("library:") ? "" : "library: {ollama: false}\n")
        + (model == null ? "" : "models:\n  - path: " + model + "\n")
        + (extraYaml == null ? "" : extraYaml);
    Path config = dataDir.resolve("node.yaml");
    Files.writeString(config, yaml);
    return new NodeProcess("it-node", dataDir, config, port);
  }

  /**
   * Writes node.yaml for one member of a cluster on loopback: {@code extraYaml} is merged key by key
   * into the generated settings (so {@code engine: {enabled: false}} keeps {@code engine.threads}).
   */
  public static NodeProcess configureMember(Path dataDir, String name, String clusterName, int clusterPort,
      List<String> members, Path model, String extraYaml) throws IOException {
    int port = freePort();
    ObjectNode yaml = YAML.createObjectNode();
    yaml.put("name", name);
    yaml.put("dataDir", dataDir.resolve("data").toString());
    yaml.putObject("http").put("host", "127.0.0.1").put("port", port);
    ObjectNode cluster = yaml.putObject("cluster").put("name", clusterName).put("host", "127.0.0.1")
        .put("port", clusterPort);
    members.forEach(cluster.putArray("members")::add);
    yaml.putObject("engine").put("threads", 1).put("contextTokens", 2048);
    yaml.putObject("library").put("ollama", false);
    if (model != null) {
      yaml.putArray("models").addObject().put("path", model.toString());
    }
    if (extraYaml != null && !extraYaml.isBlank()) {
      merge(yaml, YAML.readTree(extraYaml));
    }
    Path config = dataDir.resolve("node.yaml");
    Files.writeString(config, YAML.writeValueAsString(yaml));
    return new NodeProcess(name, dataDir, config, port);
  }

  /** Objects merge key by key; anything else (scalars, lists) replaces. */
  private static void merge(ObjectNode into, JsonNode from) {
    from.fields().forEachRemaining(e -> {
      if (into.get(e.getKey()) instanceof ObjectNode target && e.getValue().isObject()) {
        merge(target, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue());
      }
    });
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("mesh.jar", "target/mesh-node.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar.toAbsolutePath() + ": run `mvn package` first");
    }
    return jar;
  }

  /** Starts the process and waits until /health answers 200 (engine loaded) — or fails with its log. */
  public NodeProcess start() throws Exception {
    return launch().awaitHealthy();
  }

  /** Starts the process without waiting (several nodes boot side by side); then {@link #awaitHealthy()}. */
  public NodeProcess launch() throws IOException {
    process = launch(List.of("node", "--config", configFile.toString()));
    paused = false;
    return this;
  }

  /** Waits until /health answers 200 (engine loaded) — or fails with the node's log if it exits. */
  public NodeProcess awaitHealthy() throws Exception {
    Poll.until("node on port " + port + " to be healthy (log: " + log() + ")", START_TIMEOUT, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("node exited with " + process.exitValue() + ":\n" + Files.readString(log()));
      }
      return get("/health").statusCode() == 200;
    });
    return this;
  }

  /** Runs {@code mesh ARGS} to completion; returns exit code and combined output. */
  public static Result run(Path workDir, String... args) throws Exception {
    Path out = workDir.resolve("cli-" + UUID.randomUUID() + ".log");
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mesh " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out));
  }

  /** Runs {@code java -jar mesh-node.jar ARGS} from the jar's own folder, naming the jar by a relative path. */
  public static Result runFromJarFolder(Path workDir, String... args) throws Exception {
    Path out = workDir.resolve("cli-" + UUID.randomUUID() + ".log");
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().getFileName().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(jar().toAbsolutePath().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mesh " + String.join(" ", args) + " did not finish in 300 s");
    }
    return new Result(p.exitValue(), Files.readString(out));
  }

  public record Result(int exitCode, String output) {}

  public Process launchRaw() throws IOException {
    process = launch(List.of("node", "--config", configFile.toString()));
    return process;
  }

  private Process launch(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx96m", "-XX:+UseSerialGC", "-jar", jar().toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The node's data folder (journal, claims, keys): what it keeps on disk. */
  public Path data() {
    return dataDir.resolve("data");
  }

  public Path log() {
    return dataDir.resolve("node.log");
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** The engine child process (the JVM running EngineMain), if one runs. */
  public Optional<ProcessHandle> engine() {
    return engines().findFirst();
  }

  /**
   * The node's engine processes alive now: its children only — an engine's own short-lived children (java-llama.cpp
   * runs {@code uname}) carry the engine's command line between fork and exec and would count twice.
   */
  public java.util.stream.Stream<ProcessHandle> engines() {
    return process.toHandle().children()
        .filter(p -> p.info().commandLine().orElse("").contains("dev.mesh.node.engine.EngineMain"));
  }

  /** kill -9 of the node JVM and then of its engine processes: the node's whole share of the work is gone. */
  public void kill9() throws InterruptedException {
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    paused = false;
  }

  /** SIGSTOP of the node JVM only (its engine keeps running): a node frozen like a hung machine. */
  public void pause() throws Exception {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT: the frozen node carries on where it stopped. */
  public void resume() throws Exception {
    signal("CONT");
    paused = false;
  }

  private void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
          + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** An environment variable for the node's next start (e.g. {@code MESH_HAZELCAST_LOG=INFO}). */
  public NodeProcess env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public String name() {
    return name;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(130)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST with headers and a timeout of the caller's choosing (a client that gives up, as a real one does). */
  public HttpResponse<String> post(String path, String body, java.util.Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(timeout)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(130))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Submits a task ({@code POST /v1/tasks}) and waits for its end; fails unless it was accepted and succeeded. */
  public JsonNode runToSuccess(String taskJson) throws IOException, InterruptedException {
    HttpResponse<String> accepted = post("/v1/tasks", taskJson);
    if (accepted.statusCode() != 202) {
      throw new AssertionError("expected 202 for " + taskJson + ", got " + accepted.statusCode() + ": "
          + accepted.body());
    }
    String id = json(accepted).path("id").asText();
    JsonNode done = json(get("/v1/tasks/" + id + "?wait=60"));
    if (!"succeeded".equals(done.path("state").asText())) {
      throw new AssertionError("task " + id + " did not succeed: " + done);
    }
    return done;
  }

  /** The body as JSON; a body that is not says where, with the text around the spot. */
  public static JsonNode json(HttpResponse<String> response) throws IOException {
    try {
      return JSON.readTree(response.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      int at = e.getLocation() == null ? 0 : (int) Math.max(0, e.getLocation().getColumnNr() - 1);
      String body = response.body();
      String around = body.substring(Math.max(0, at - 300), Math.min(body.length(), at + 100));
      throw new IOException(e.getOriginalMessage() + " at column " + (at + 1) + ": ..." + around + "...", e);
    }
  }

  public int port() {
    return port;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Graceful stop (SIGTERM): the node ends its engine processes on the way out. */
  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      if (paused) {
        resume(); // a stopped JVM would not act on SIGTERM
      }
      List<ProcessHandle> children = process.toHandle().descendants().toList();
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A port free now and never handed out before in this JVM: the OS may give a just-closed port out again, and
   * two nodes configured with the same port failed a run (one of them could not bind).
   */
  /** Below the OS's ephemeral range, so no bind of port 0 takes it before the node does ({@link FreePorts}). */
  public static int freePort() {
    return FreePorts.next();
  }
}
