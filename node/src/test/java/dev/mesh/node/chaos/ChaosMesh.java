package dev.mesh.node.chaos;

import com.sun.net.httpserver.HttpServer;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TcpProxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Three real nodes clustered on loopback with a shared folder, each behind its own event-bus proxy (so any one
 * can be cut off), each with the same webhook whose job posts its outcome to a receiver in this JVM.
 */
final class ChaosMesh implements AutoCloseable {
  static final List<String> NAMES = List.of("a", "b", "c");
  static final String HOOK = "items";
  static final String HOOK_SECRET = "chaos-hook-secret-0123456789";

  final MeshCluster cluster;
  final Map<String, TcpProxy> proxies;
  /** The bodies the callback receiver got, as it gets them. */
  final List<byte[]> callbacks;
  private final HttpServer receiver;

  private ChaosMesh(MeshCluster cluster, Map<String, TcpProxy> proxies, List<byte[]> callbacks, HttpServer receiver) {
    this.cluster = cluster;
    this.proxies = proxies;
    this.callbacks = callbacks;
    this.receiver = receiver;
  }

  static ChaosMesh start(Path model) throws Exception {
    Path folder = Files.createTempDirectory("mesh-chaos-folder-");
    List<byte[]> callbacks = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/cb", exchange -> {
      callbacks.add(exchange.getRequestBody().readAllBytes());
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    String common = "handoff: {dir: " + folder + ", pollMs: 200}\n"
        + "routing: {hopTimeoutMs: 2000}\n"
        + "limits: {queueCapacity: 5000}\n"
        + "hooks:\n  - name: " + HOOK + "\n    secret: " + HOOK_SECRET + "\n    each: /items\n"
        + "    task: {kind: embed, input: '{/title}'}\n"
        + "    callback: http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb\n";
    Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    try {
      MeshCluster.Builder builder = MeshCluster.builder();
      for (String name : NAMES) {
        int eventBus = NodeProcess.freePort();
        TcpProxy proxy = TcpProxy.start(NodeProcess.freePort(), eventBus);
        proxies.put(name, proxy);
        builder.node(name, model, common + "cluster: {eventBusPort: " + eventBus + ", eventBusPublicPort: "
            + proxy.port() + "}\n");
      }
      return new ChaosMesh(builder.start(), proxies, callbacks, receiver);
    } catch (Exception | Error e) {
      receiver.stop(0);
      for (TcpProxy p : proxies.values()) {
        p.close();
      }
      throw e;
    }
  }

  NodeProcess node(String name) {
    return cluster.node(name);
  }

  @Override
  public void close() throws Exception {
    cluster.close();
    receiver.stop(0);
    for (TcpProxy p : proxies.values()) {
      p.close();
    }
  }
}
