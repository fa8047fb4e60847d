package dev.mesh.bench.cluster;

import dev.mesh.node.config.SecurityConfig;
import dev.mesh.node.security.MeshSecurity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two clustered nodes and this JVM as a third member: {@code entry} has its engine disabled, so every task
 * posted there hops to {@code exec}, the only node with a model; a task posted at {@code exec} runs where it
 * entered. The launcher's JVM options and every other setting at the node's defaults.
 */
public final class MeshPair implements AutoCloseable {
  public static final String ENTRY = "entry";
  public static final String EXEC = "exec";
  public static final String MODEL_ID = "bench-model";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final MeshCluster cluster;
  private final BenchMember member;

  private MeshPair(MeshCluster cluster, BenchMember member) {
    this.cluster = cluster;
    this.member = member;
  }

  public static MeshPair start(BenchEnv env, BenchModel model) throws Exception {
    return start(env, model, Optional.empty());
  }

  /**
   * The pair with a mesh key ({@code security.meshKeyFile}) when one is given; this JVM's member then seals its
   * pings with the same key, so the raw baseline pays the sealing too.
   */
  public static MeshPair start(BenchEnv env, BenchModel model, Optional<Path> meshKey) throws Exception {
    return start(env, model, meshKey, LauncherOptions.read(env.launcher()));
  }

  /** The pair with these JVM options for both nodes instead of the launcher's. */
  public static MeshPair start(BenchEnv env, BenchModel model, Optional<Path> meshKey, java.util.List<String> jvmOptions)
      throws Exception {
    Map<String, ObjectNode> configs = new LinkedHashMap<>();
    ObjectNode entry = HttpJson.JSON.createObjectNode();
    entry.putObject("engine").put("enabled", false);
    configs.put(ENTRY, entry);
    ObjectNode exec = HttpJson.JSON.createObjectNode();
    exec.putArray("models").addObject().put("path", model.path().toString()).put("id", MODEL_ID);
    configs.put(EXEC, exec);
    meshKey.ifPresent(key -> configs.values().forEach(c -> c.putObject("security").put("meshKeyFile", key.toString())));
    MeshCluster cluster = MeshCluster.start(env, configs, jvmOptions, START_TIMEOUT);
    try {
      BenchMember member = BenchMember.join(cluster.name(), cluster.members(), START_TIMEOUT);
      if (meshKey.isPresent()) {
        member.sealWith(MeshSecurity.from(new SecurityConfig(meshKey.get().toString(), null, null,
            SecurityConfig.DEFAULT_REPLAY_WINDOW_SECONDS), "bench", Clock.systemUTC()));
      }
      return new MeshPair(cluster, member);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  public NodeProcess entry() {
    return cluster.node(ENTRY);
  }

  public NodeProcess exec() {
    return cluster.node(EXEC);
  }

  public String entryId() {
    return cluster.advertId(ENTRY);
  }

  public String execId() {
    return cluster.advertId(EXEC);
  }

  public BenchMember member() {
    return member;
  }

  /** The cheapest real task (one engine call of ~1 ms): the mesh has no no-op kind. */
  public static ObjectNode noOpTask() {
    return HttpJson.JSON.createObjectNode().put("kind", "embed").put("input", "a");
  }

  @Override
  public void close() {
    member.close();
    cluster.close();
  }
}
