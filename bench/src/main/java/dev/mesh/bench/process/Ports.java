package dev.mesh.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port free right now, so several runs (and other engineers' nodes) don't collide. */
public final class Ports {
  private Ports() {}

  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /** A port free now and never handed out before in this JVM (the OS may give a just-closed port out again). */
  public static synchronized int free() {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
