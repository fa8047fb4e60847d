package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many claimers on one inbox: every task is claimed by exactly one of them, never by two. */
class ClaimRaceTest {
  private static final int TASKS = 300;

  @TempDir Path root;

  @Test
  void claimerThreadsNeverDoubleClaim() throws Exception {
    Fixtures f = Fixtures.at(root);
    publish(f);
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> claimers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String node = "node" + i;
      claimers.add(pool.submit(() -> {
        start.await();
        Optional<Claim> claim;
        while ((claim = f.inbox.claimNext(node, t -> true)).isPresent()) {
          claimed.add(claim.get().id());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> c : claimers) {
      c.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertEachClaimedOnce(new ArrayList<>(claimed));
  }

  @Test
  void claimerProcessesNeverDoubleClaim() throws Exception {
    Fixtures f = Fixtures.at(root);
    publish(f);
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path out = Files.createTempFile(root.getParent(), "claimed-" + i, ".txt");
      outputs.add(out);
      processes.add(JavaProcess.start(ClaimerProcess.class, "all", root.toString(), "node" + i, out.toString()));
    }
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(JavaProcess.output(p)).isZero();
    }

    List<String> claimed = new ArrayList<>();
    for (Path out : outputs) {
      claimed.addAll(Files.readAllLines(out));
      Files.delete(out);
    }
    assertEachClaimedOnce(claimed);
    for (int i = 0; i < TASKS; i++) {
      assertThat(f.results.read("t-" + i)).as("result of t-" + i).isPresent();
    }
    assertThat(Inbox.waiting(f.dir.inbox())).isEmpty();
  }

  private static void publish(Fixtures f) throws IOException {
    for (int i = 0; i < TASKS; i++) {
      f.inbox.publish(Fixtures.task("t-" + i), null);
    }
  }

  private static void assertEachClaimedOnce(List<String> claimed) {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < TASKS; i++) {
      expected.add("t-" + i);
    }
    assertThat(claimed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(expected);
  }
}
