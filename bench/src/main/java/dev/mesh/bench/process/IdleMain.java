package dev.mesh.bench.process;

/** The idle-RSS baseline: a JVM that loads nothing and sleeps, started with the node's options. */
public final class IdleMain {
  private IdleMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("idle");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
