package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeasesTest {
  private static final Duration LEASE = Duration.ofMillis(800);

  @TempDir Path root;

  @Test
  void aClaimerKilledMidTaskLosesItsLeaseAndAnotherNodeFinishesTheTask() throws Exception {
    Fixtures f = new Fixtures(root, Clock.systemUTC(), LEASE, Duration.ZERO);
    f.inbox.publish(Fixtures.task("t-1"), null);
    Process claimer = JavaProcess.start(ClaimerProcess.class, "hold", root.toString(), "pi",
        Long.toString(LEASE.toMillis()));
    BufferedReader out = new BufferedReader(new InputStreamReader(claimer.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("claimed t-1");

    // while the claimer lives and renews, its claim is never reaped
    long aliveUntil = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
    while (System.nanoTime() < aliveUntil) {
      assertThat(f.leases.reapExpired()).isEmpty();
      Thread.sleep(50);
    }
    assertThat(f.inbox.claimNext("macmini", t -> true)).isEmpty();

    claimer.destroyForcibly(); // kill -9, mid-task
    assertThat(claimer.waitFor(10, TimeUnit.SECONDS)).isTrue();

    List<String> returned = List.of();
    long deadline = System.nanoTime() + LEASE.multipliedBy(10).toNanos();
    while (returned.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      returned = f.leases.reapExpired();
    }
    assertThat(returned).containsExactly("t-1");
    Claim retaken = f.inbox.claimNext("macmini", t -> true).orElseThrow();
    assertThat(f.results.store(Fixtures.ended(retaken.task().record(), "macmini", "done"))).isTrue();
    f.leases.release(retaken);
    assertThat(f.results.read("t-1")).hasValueSatisfying(r -> assertThat(r.hops())
        .filteredOn(h -> h.is(HopEvent.STARTED)).extracting(Hop::node).containsExactly("macmini"));
  }

  @Test
  void aClaimIsJudgedFromWhenItWasSeenNotByThePublicationsOldMtime() throws Exception {
    Fixtures f = new Fixtures(root, Clock.systemUTC(), LEASE, Duration.ZERO);
    Path claimed = f.dir.claimsOf("pi").resolve("t-1.json");
    Files.write(claimed, Files.readAllBytes(f.inbox.publish(Fixtures.task("t-1"), null)));
    Files.setLastModifiedTime(claimed, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    assertThat(f.leases.reapExpired()).isEmpty(); // just renamed in, not yet touched: not expired
    Thread.sleep(LEASE.toMillis() + 200);
    assertThat(f.leases.reapExpired()).containsExactly("t-1");
  }

  @Test
  void aRenewedClaimKeepsItsTaskAndALostOneSaysSo() throws Exception {
    Fixtures f = new Fixtures(root, Clock.systemUTC(), LEASE, Duration.ZERO);
    f.inbox.publish(Fixtures.task("t-1"), null);
    Claim claim = f.inbox.claimNext("pi", t -> true).orElseThrow();

    assertThat(f.leases.renew(claim)).isTrue();
    Files.setLastModifiedTime(claim.file(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    f.leases.reapExpired();
    Thread.sleep(LEASE.toMillis() + 200);
    assertThat(f.leases.reapExpired()).containsExactly("t-1");

    assertThat(f.leases.renew(claim)).isFalse();
    assertThat(f.leases.held(claim)).isFalse();
  }

  @Test
  void anExpiredClaimWhoseResultExistsIsClearedNotReturned() throws Exception {
    Fixtures f = new Fixtures(root, Clock.systemUTC(), LEASE, Duration.ZERO);
    f.inbox.publish(Fixtures.task("t-1"), null);
    Claim claim = f.inbox.claimNext("pi", t -> true).orElseThrow();
    f.results.store(Fixtures.ended(claim.task().record(), "pi", "done"));

    f.leases.reapExpired();
    Thread.sleep(LEASE.toMillis() + 200);

    assertThat(f.leases.reapExpired()).isEmpty();
    assertThat(claim.file()).doesNotExist();
    assertThat(Inbox.waiting(f.dir.inbox())).isEmpty();
  }
}
