package dev.mesh.bench.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A {@code mesh node} child process on loopback, with its own config, data folder and log. */
public final class NodeProcess implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** The longest {@code ?wait=} the task API takes. */
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(300);
  private static final long STOP_TIMEOUT_SECONDS = 20;
  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // a benchmark interrupted by Ctrl-C must not leave nodes (and their engines) behind
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ProcessHandle::destroy), "bench-node-reaper"));
  }

  private final Process process;
  private final URI base;
  private final Path log;

  private NodeProcess(Process process, URI base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  public static NodeProcess start(BenchEnv env, NodeSpec spec) throws IOException {
    return start(env, spec.name(), config(spec), spec.jvmOptions(),
        spec.clustered() ? List.of() : List.of("--no-cluster"));
  }

  /**
   * Starts a node from a config the caller wrote ({@code name}, {@code dataDir} and {@code http} are filled in
   * here: a work folder of its own and a free loopback port), with extra {@code mesh node} flags.
   */
  public static NodeProcess start(BenchEnv env, String name, ObjectNode config, List<String> jvmOptions,
      List<String> flags) throws IOException {
    Path dir = env.newDir(name);
    return start(env, name, config, jvmOptions, flags, dir, dir.resolve("data"));
  }

  /** The same in a folder and with a data folder the caller chose (to start a node again on its own data). */
  public static NodeProcess start(BenchEnv env, String name, ObjectNode config, List<String> jvmOptions,
      List<String> flags, Path dir, Path dataDir) throws IOException {
    Files.createDirectories(dir);
    int port = Ports.free();
    ObjectNode c = config.deepCopy();
    if (!c.has("library")) {
      c.putObject("library").put("ollama", false); // a benchmark measures its own models, not this machine's Ollama
    }
    c.put("name", name);
    c.put("dataDir", dataDir.toString());
    c.putObject("http").put("host", "127.0.0.1").put("port", port);
    Path configFile = dir.resolve("node.yaml");
    // JSON is YAML, so Jackson can write the config without a YAML module
    Files.writeString(configFile, HttpJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
    List<String> command = new ArrayList<>();
    command.add(Jvm.javaCommand());
    command.addAll(jvmOptions);
    String jfr = System.getenv("MESH_BENCH_JFR");
    if (jfr != null && !jfr.isBlank()) {
      // a profile of each node for a look afterwards: `jfr print --events jdk.ExecutionSample FILE`
      Files.createDirectories(Path.of(jfr));
      command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr, name + "-" + port + ".jfr")
          .toAbsolutePath());
    }
    command.addAll(List.of("-jar", env.nodeJar().toString(), "node", "--config", configFile.toString()));
    command.addAll(flags);
    Path log = dir.resolve("node.log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    LIVE.add(process.toHandle());
    return new NodeProcess(process, URI.create("http://127.0.0.1:" + port), log);
  }

  private static ObjectNode config(NodeSpec spec) {
    ObjectNode c = HttpJson.JSON.createObjectNode();
    if (spec.clustered()) {
      inClusterOfItsOwn(c);
    }
    c.putObject("engine").put("threads", spec.threads());
    c.putArray("models").addObject().put("path", spec.model().toString()).put("id", NodeSpec.MODEL_ID);
    return c;
  }

  /** Sets {@code config} up as the one member of a Hazelcast cluster of its own (random name, free port). */
  public static ObjectNode inClusterOfItsOwn(ObjectNode config) {
    config.putObject("cluster").put("enabled", true).put("name", "bench-" + UUID.randomUUID())
        .put("host", "127.0.0.1").put("port", Ports.free());
    return config;
  }

  public long pid() {
    return process.pid();
  }

  /** The loopback port of its HTTP API. */
  public int port() {
    return base.getPort();
  }

  /** {@code POST /v1/tasks?wait=...}: the task's record (or the error) as the node answered it. */
  public HttpJson.Response submit(JsonNode task, Duration wait) throws IOException, InterruptedException {
    return HttpJson.post(tasksUri(wait), task, wait.plusSeconds(10));
  }

  /** An address on its HTTP API, e.g. {@code /v1/chat/completions}. */
  public URI uri(String path) {
    return base.resolve(path);
  }

  /** Where {@link #submit} posts to, for callers that send asynchronously. */
  public URI tasksUri(Duration wait) {
    return base.resolve("/v1/tasks?wait=" + wait.toSeconds());
  }

  /** Polls {@code GET /health} until 200; fails early, with the log's tail, if the node exits. */
  public JsonNode awaitHealthy(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("node exited with " + process.exitValue() + " before it was healthy; log:\n" + logTail());
      }
      try {
        HttpJson.Response r = HttpJson.get(base.resolve("/health"), REQUEST_TIMEOUT);
        if (r.status() == 200) {
          return r.body();
        }
        last = r.status() + " " + r.body();
      } catch (IOException notListeningYet) {
        last = notListeningYet.toString();
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("node not healthy after " + timeout.toSeconds() + " s (last: " + last + "); log:\n"
        + logTail());
  }

  /** The pid of the node's engine process: its child running EngineMain (the start-up probe has exited by then). */
  public long enginePid(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> engine = process.toHandle().children()
          .filter(c -> c.info().commandLine().orElse("").contains("dev.mesh.node.engine.EngineMain"))
          .reduce((first, second) -> second);
      if (engine.isPresent()) {
        LIVE.add(engine.get());
        return engine.get().pid();
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("no engine process under node " + pid() + " after " + timeout.toSeconds() + " s");
  }

  public JsonNode clusterStatus() throws IOException, InterruptedException {
    HttpJson.Response r = HttpJson.get(base.resolve("/cluster/status"), REQUEST_TIMEOUT);
    if (r.status() != 200) {
      throw new IOException("GET /cluster/status answered " + r.status() + ": " + r.body());
    }
    return r.body();
  }

  /** {@code POST /v1/tasks?wait=...} for a greedy generation; returns the task's {@code result}. */
  public JsonNode generate(String prompt, int maxTokens, Duration wait) throws IOException, InterruptedException {
    ObjectNode task = HttpJson.JSON.createObjectNode().put("kind", "generate").put("prompt", prompt);
    task.putObject("params").put("maxTokens", maxTokens).put("temperature", 0);
    HttpJson.Response r = HttpJson.post(base.resolve("/v1/tasks?wait=" + wait.toSeconds()), task,
        wait.plusSeconds(10));
    if (r.status() != 200 || !"succeeded".equals(r.body().path("state").asText())) {
      throw new IOException("POST /v1/tasks answered " + r.status() + ": " + r.body());
    }
    return r.body().path("result");
  }

  /**
   * The same, followed past the API's longest wait ({@code GET /v1/tasks/{id}?wait=...} until it ends or
   * {@code deadline} passes): a prompt that fills a large context can take minutes on a busy 2-core machine.
   */
  public JsonNode generateToEnd(String prompt, int maxTokens, Duration deadline)
      throws IOException, InterruptedException {
    ObjectNode task = HttpJson.JSON.createObjectNode().put("kind", "generate").put("prompt", prompt)
        .put("timeoutSeconds", deadline.toSeconds());
    task.putObject("params").put("maxTokens", maxTokens).put("temperature", 0);
    long end = System.nanoTime() + deadline.toNanos();
    HttpJson.Response r = HttpJson.post(base.resolve("/v1/tasks?wait=" + LONGEST_WAIT.toSeconds()), task,
        LONGEST_WAIT.plusSeconds(10));
    while (r.status() < 300 && !ended(r.body()) && System.nanoTime() < end) {
      r = HttpJson.get(base.resolve("/v1/tasks/" + r.body().path("id").asText() + "?wait="
          + LONGEST_WAIT.toSeconds()), LONGEST_WAIT.plusSeconds(10));
    }
    if (r.status() >= 300 || !"succeeded".equals(r.body().path("state").asText())) {
      throw new IOException("the generation answered " + r.status() + " after " + deadline.toSeconds() + " s at most: "
          + r.body());
    }
    return r.body().path("result");
  }

  private static boolean ended(JsonNode record) {
    return Set.of("succeeded", "failed", "expired", "cancelled").contains(record.path("state").asText());
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGTERM (the node ends its engines on the way out), then SIGKILL for anything still running. */
  @Override
  public void close() {
    List<ProcessHandle> engines = process.toHandle().descendants().toList();
    stop(process.toHandle());
    engines.forEach(NodeProcess::stop);
    LIVE.remove(process.toHandle());
    LIVE.removeAll(engines);
  }

  private static void stop(ProcessHandle p) {
    if (p.isAlive()) {
      p.destroy();
      if (p.onExit().completeOnTimeout(p, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).join().isAlive()) {
        p.destroyForcibly();
        p.onExit().completeOnTimeout(p, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
      }
    }
  }
}
