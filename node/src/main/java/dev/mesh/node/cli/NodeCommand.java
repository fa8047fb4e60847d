package dev.mesh.node.cli;

import dev.mesh.node.MeshVersion;
import dev.mesh.node.MeshNode;
import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.ConfigLoader;
import dev.mesh.node.config.NodeConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mesh node}: runs a node until it is stopped (SIGTERM/SIGINT end its engine processes too). */
@Command(name = "node", mixinStandardHelpOptions = true, versionProvider = MeshVersion.class,
    description = "Run a mesh node. Config: YAML file, then MESH_* environment variables, then flags.")
final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "node YAML file (default: built-in defaults)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key, e.g. http.port=8081")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--name", description = "node name (config key: name)")
  String name;

  @Option(names = "--port", description = "HTTP port (config key: http.port)")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (config key: dataDir)")
  String dataDir;

  @Option(names = "--no-cluster", description = "do not join Hazelcast (config key: cluster.enabled=false)")
  boolean noCluster;

  @Override
  public Integer call() throws Exception {
    NodeConfig loaded;
    try {
      loaded = load(config, flagOverrides());
    } catch (ConfigException e) {
      System.err.println("mesh node: " + e.getMessage());
      return 2;
    }
    MeshNode node;
    try {
      node = MeshNode.start(loaded);
    } catch (ConfigException e) {
      System.err.println("mesh node: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "mesh-shutdown"));
    stopped.await();
    return 0;
  }

  static NodeConfig load(Path file, List<String> overrides) throws Exception {
    String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
    return new ConfigLoader(host.isEmpty() ? "node" : host, System.getenv()).load(file, overrides);
  }

  private List<String> flagOverrides() {
    List<String> all = new ArrayList<>(overrides);
    if (name != null) {
      all.add("name=" + name);
    }
    if (port != null) {
      all.add("http.port=" + port);
    }
    if (dataDir != null) {
      all.add("dataDir=" + dataDir);
    }
    if (noCluster) {
      all.add("cluster.enabled=false");
    }
    return all;
  }
}
