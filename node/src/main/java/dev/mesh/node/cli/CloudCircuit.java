package dev.mesh.node.cli;

import dev.mesh.protocol.advert.Circuit;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.Remote;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The macmini's circuit breaker for the demo's cloud as a household node sees it, in the macmini's advert: what the
 * router there decides by, so the demo waits on this view rather than on the macmini's own.
 */
final class CloudCircuit {
  private static final long POLL_INTERVAL_MS = 100;

  private CloudCircuit() {}

  /** The cloud's remote as {@code client} sees it (its circuit, why it is out); empty until advertised. */
  static Optional<Remote> seenBy(DemoClient client) throws IOException, InterruptedException {
    return client.adverts().stream().flatMap(a -> a.models().stream()).map(ModelInfo::remote)
        .filter(r -> r != null && HouseholdCloud.REMOTE.equals(r.name())).findFirst();
  }

  /** Polls until {@code client} sees the circuit as {@code wanted}: the remote as seen; empty past {@code within}. */
  static Optional<Remote> await(DemoClient client, Predicate<Circuit> wanted, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    do {
      try {
        Optional<Remote> seen = seenBy(client).filter(r -> wanted.test(r.circuit()));
        if (seen.isPresent()) {
          return seen;
        }
      } catch (IOException e) {
        // the node was slow to answer this once: ask again until the deadline
      }
      Thread.sleep(POLL_INTERVAL_MS);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }
}
