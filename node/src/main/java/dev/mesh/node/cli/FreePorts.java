package dev.mesh.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for nodes started on one machine (the demo, tests, benchmarks), chosen below the OS's
 * ephemeral range (Linux 32768+, macOS 49152+). A port the OS handed out for "any free port" would be free
 * now, but until the node binds it the OS may give it again to any bind of port 0 — another node's event bus,
 * an outgoing connection: "Address already in use" at the node's start, seen in the household demo. Ports
 * from below that range are never handed out so; each is checked bindable and given once per JVM.
 */
public final class FreePorts {
  static final int LOWEST = 20_000;
  static final int HIGHEST = 32_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  public static synchronized int next() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new UncheckedIOException(new IOException("no free loopback port in " + LOWEST + "-" + HIGHEST));
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(false);
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }
}
