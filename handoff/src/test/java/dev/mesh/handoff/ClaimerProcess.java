package dev.mesh.handoff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A claimer in its own JVM, for the tests that need separate processes.
 * {@code all <root> <node> <out>}: claims until the inbox stays empty, appending each claimed id to {@code out}
 * and storing a result for it. {@code hold <root> <node> <leaseMs>}: claims one task, prints "claimed <id>",
 * then renews its lease forever (until killed).
 */
public final class ClaimerProcess {
  private ClaimerProcess() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    String node = args[2];
    if (args[0].equals("all")) {
      claimAll(Fixtures.at(root), node, Path.of(args[3]));
    } else {
      hold(new Fixtures(root, Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[3])), Duration.ZERO), node);
    }
  }

  private static void claimAll(Fixtures f, String node, Path out) throws IOException, InterruptedException {
    int empty = 0;
    while (empty < 5) {
      Optional<Claim> claim = f.inbox.claimNext(node, t -> true);
      if (claim.isEmpty()) {
        empty++;
        Thread.sleep(20);
        continue;
      }
      empty = 0;
      Files.write(out, (claim.get().id() + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      f.results.store(Fixtures.ended(claim.get().task().record(), node, "by " + node));
      f.leases.release(claim.get());
    }
  }

  private static void hold(Fixtures f, String node) throws IOException, InterruptedException {
    Claim claim;
    do {
      claim = f.inbox.claimNext(node, t -> true).orElse(null);
      Thread.sleep(10);
    } while (claim == null);
    System.out.println("claimed " + claim.id());
    System.out.flush();
    while (true) {
      Thread.sleep(Math.max(10, f.leases.lease().toMillis() / 4));
      f.leases.renew(claim);
    }
  }
}
