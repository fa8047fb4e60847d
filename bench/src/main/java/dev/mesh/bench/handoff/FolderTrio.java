package dev.mesh.bench.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.bench.BenchEnv;
import dev.mesh.bench.cluster.MeshCluster;
import dev.mesh.bench.model.BenchModel;
import dev.mesh.bench.process.HttpJson;
import dev.mesh.bench.process.LauncherOptions;
import dev.mesh.bench.process.NodeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three nodes sharing one folder: {@code entry} (no engine) and {@code bus} clustered, {@code folder} outside
 * the cluster ({@code --no-cluster}), reached only through the folder. {@code bus} and {@code folder} serve the
 * same file under different model ids, so a task naming one id takes the event bus and one naming the other
 * takes the folder — both paths measured in the same run, from the same entry node.
 */
final class FolderTrio implements AutoCloseable {
  static final String ENTRY = "entry";
  static final String BUS = "bus";
  static final String FOLDER = "folder";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(200);

  private final NodeProcess folder;
  private final MeshCluster cluster;
  private final Path shared;

  private FolderTrio(NodeProcess folder, MeshCluster cluster, Path shared) {
    this.folder = folder;
    this.cluster = cluster;
    this.shared = shared;
  }

  static FolderTrio start(BenchEnv env, BenchModel model, FolderSetting setting) throws Exception {
    Path shared = env.newDir("shared");
    List<String> jvm = LauncherOptions.read(env.launcher());
    ObjectNode folderConfig = withFolder(shared, setting);
    folderConfig.putObject("cluster").put("enabled", false);
    serve(folderConfig, model, FOLDER);
    NodeProcess folder = NodeProcess.start(env, FOLDER, folderConfig, jvm, List.of("--no-cluster"));
    try {
      Map<String, ObjectNode> clustered = new LinkedHashMap<>();
      ObjectNode entry = withFolder(shared, setting);
      entry.putObject("engine").put("enabled", false);
      clustered.put(ENTRY, entry);
      clustered.put(BUS, serve(withFolder(shared, setting), model, BUS));
      folder.awaitHealthy(START_TIMEOUT);
      MeshCluster cluster = MeshCluster.start(env, clustered, jvm, START_TIMEOUT);
      FolderTrio trio = new FolderTrio(folder, cluster, shared);
      try {
        trio.awaitFolderNodeListed();
        return trio;
      } catch (Exception | Error e) {
        trio.close();
        throw e;
      }
    } catch (Exception | Error e) {
      folder.close();
      throw e;
    }
  }

  /** The id of the model {@code node} serves: what a task names to be routed there. */
  static String modelOf(String node) {
    return node + "-model";
  }

  /** The cheapest real task (one engine call of ~1 ms), for the node that serves {@code modelOf(node)}. */
  static ObjectNode noOpTaskFor(String node) {
    ObjectNode task = HttpJson.JSON.createObjectNode().put("kind", "embed").put("input", "a");
    task.putObject("requirements").put("model", modelOf(node));
    return task;
  }

  NodeProcess entry() {
    return cluster.node(ENTRY);
  }

  Path shared() {
    return shared;
  }

  private static ObjectNode withFolder(Path shared, FolderSetting setting) {
    ObjectNode config = HttpJson.JSON.createObjectNode();
    config.putObject("handoff").put("dir", shared.toString()).put("pollMs", setting.pollMs())
        .put("nativeWatch", setting.nativeWatch());
    return config;
  }

  private static ObjectNode serve(ObjectNode config, BenchModel model, String node) {
    config.putArray("models").addObject().put("path", model.path().toString()).put("id", modelOf(node));
    return config;
  }

  /** Entry routes to {@code folder} by the advert it keeps in the folder: wait until it lists it, measured. */
  private void awaitFolderNodeListed() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode advert : entry().clusterStatus().path("nodes")) {
        if (FOLDER.equals(advert.path("name").asText())
            && advert.path("models").path(0).path("decodeTokensPerSecond").asDouble() > 0) {
          return;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IOException("entry did not list the folder-only node in " + START_TIMEOUT.toSeconds() + " s; its log:\n"
        + folder.logTail());
  }

  @Override
  public void close() {
    cluster.close();
    folder.close();
  }
}
