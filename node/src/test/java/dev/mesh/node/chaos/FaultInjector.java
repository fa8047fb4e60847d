package dev.mesh.node.chaos;

import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TcpProxy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One fault at a time, one node at a time (so two nodes are always up): kill -9 then restart, SIGSTOP then
 * SIGCONT (sometimes past the heartbeat limit, so the others drop it), or its event bus cut then restored.
 */
final class FaultInjector implements AutoCloseable {
  enum Fault { KILL, FREEZE, CUT }

  /** What was done, to which node, for how long. */
  record Done(Fault fault, String node, long ms) {}

  private final ChaosMesh mesh;
  private final Random random;
  private final List<Done> done = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile Throwable failure;

  private FaultInjector(ChaosMesh mesh, long seed) {
    this.mesh = mesh;
    this.random = new Random(seed);
    this.thread = new Thread(this::loop, "chaos-faults");
  }

  static FaultInjector start(ChaosMesh mesh, long seed) {
    FaultInjector f = new FaultInjector(mesh, seed);
    f.thread.start();
    return f;
  }

  List<Done> done() {
    return List.copyOf(done);
  }

  private void loop() {
    try {
      while (!stopping) {
        sleep(1000 + random.nextInt(2000));
        if (stopping) {
          return;
        }
        String name = ChaosMesh.NAMES.get(random.nextInt(ChaosMesh.NAMES.size()));
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        long start = System.nanoTime();
        apply(fault, mesh.node(name), mesh.proxies.get(name));
        done.add(new Done(fault, name, (System.nanoTime() - start) / 1_000_000));
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void apply(Fault fault, NodeProcess node, TcpProxy proxy) throws Exception {
    switch (fault) {
      case KILL -> {
        node.kill9();
        sleep(1000 + random.nextInt(3000));
        node.launch().awaitHealthy();
      }
      case FREEZE -> {
        node.pause();
        try {
          sleep(2000 + random.nextInt(6000)); // 5 s without a heartbeat: the others drop it
        } finally {
          node.resume();
        }
        sleep(1000);
      }
      case CUT -> {
        proxy.cut();
        try {
          sleep(2000 + random.nextInt(4000));
        } finally {
          proxy.restore();
        }
      }
    }
  }

  private static void sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  /** Stops after the fault in progress; throws if the injector itself failed (a node that would not restart). */
  @Override
  public void close() throws Exception {
    stopping = true;
    thread.join();
    if (failure != null) {
      throw new IllegalStateException("the fault injector failed", failure);
    }
  }
}
