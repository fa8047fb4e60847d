package dev.mesh.node.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityLanesTest {
  private static final long AGING_MS = 30_000;
  private final long[] now = {0};
  private final PriorityLanes<String> queue = new PriorityLanes<>(PriorityLanesTest::classOf, () -> now[0], AGING_MS);

  /** "b1" is batch, "n1" normal, "i1" interactive. */
  private static Priority classOf(String task) {
    return switch (task.charAt(0)) {
      case 'i' -> Priority.INTERACTIVE;
      case 'n' -> Priority.NORMAL;
      default -> Priority.BATCH;
    };
  }

  private List<String> drain() {
    List<String> order = new ArrayList<>();
    for (String next = queue.poll(); next != null; next = queue.poll()) {
      order.add(next);
    }
    return order;
  }

  @Test
  void servesTheHigherClassFirstAndEachClassInArrivalOrder() {
    queue.addAll(List.of("b1", "n1", "b2", "i1", "n2", "i2", "b3"));
    assertThat(drain()).containsExactly("i1", "i2", "n1", "n2", "b1", "b2", "b3");
  }

  @Test
  void listsTheTaskServedLastFirstTheLowestClassNewestFirst() {
    queue.addAll(List.of("b1", "n1", "b2", "i1", "n2", "i2", "b3"));
    assertThat(queue.lastFirst()).containsExactly("b3", "b2", "b1", "n2", "n1", "i2", "i1");
    assertThat(queue.remove("b2")).isTrue();
    assertThat(queue.lastFirst()).containsExactly("b3", "b1", "n2", "n1", "i2", "i1");
    assertThat(drain()).containsExactly("i1", "i2", "n1", "n2", "b1", "b3");
  }

  @Test
  void anInteractiveTaskQueuedBehindAThousandBatchTasksIsServedNext() {
    for (int i = 0; i < 1000; i++) {
      queue.add("b" + i);
    }
    assertThat(queue.poll()).isEqualTo("b0"); // running now: never pre-empted
    now[0] += 100;
    queue.add("i1");
    assertThat(queue.poll()).isEqualTo("i1");
    assertThat(queue.poll()).isEqualTo("b1");
  }

  @Test
  void aBatchTaskAtTheFrontForTwoAgingStepsIsServedBeforeLaterInteractiveWork() {
    queue.add("b1");
    queue.add("i1");
    now[0] += 2 * AGING_MS - 1;
    queue.add("i2");
    assertThat(queue.poll()).as("one step: batch is normal, still below interactive").isEqualTo("i1");
    now[0] += 1;
    assertThat(queue.effective(Priority.BATCH)).isEqualTo(Priority.INTERACTIVE);
    assertThat(queue.poll()).as("two steps: batch is interactive, and its front waited longer").isEqualTo("b1");
    assertThat(queue.poll()).isEqualTo("i2");
  }

  @Test
  void aNormalTaskAgedOneStepGoesBeforeLaterInteractiveWork() {
    queue.add("n1");
    now[0] += AGING_MS;
    queue.add("i1");
    assertThat(queue.poll()).isEqualTo("n1");
  }

  @Test
  void agingCountsFromTheFrontSoALongBatchJobAgesOneTaskAtATime() {
    for (int i = 0; i < 100; i++) {
      queue.add("b" + i);
    }
    // the job sat a long time while the engine was busy with something else; it is served once, then chats arrive
    now[0] += 10 * AGING_MS;
    assertThat(queue.poll()).isEqualTo("b0");
    queue.add("i1");
    queue.add("i2");
    assertThat(queue.poll()).as("b1 only now reached the front: it has not aged").isEqualTo("i1");
    assertThat(queue.poll()).isEqualTo("i2");
  }

  @Test
  void batchNeverStarvesUnderAContinuousStreamOfInteractiveWork() {
    queue.add("b1");
    queue.add("b2");
    List<String> served = new ArrayList<>();
    int chat = 0;
    // one task served per second, a new chat every second: the engine is never free of interactive work
    for (int second = 0; second < 200; second++) {
      queue.add("i" + chat++);
      served.add(queue.poll());
      now[0] += 1000;
    }
    assertThat(served).contains("b1", "b2");
    int first = served.indexOf("b1");
    int second = served.indexOf("b2");
    assertThat(first).as("served within two aging steps").isLessThanOrEqualTo((int) (2 * AGING_MS / 1000));
    assertThat(second - first).as("the next one ages from when it reached the front")
        .isLessThanOrEqualTo((int) (2 * AGING_MS / 1000) + 1);
  }

  @Test
  void arrivalOrderIgnoresClasses() {
    PriorityLanes<String> fifo = PriorityLanes.arrivalOrder(() -> now[0]);
    fifo.addAll(List.of("b1", "i1", "n1"));
    assertThat(List.of(fifo.poll(), fifo.poll(), fifo.poll())).containsExactly("b1", "i1", "n1");
  }

  @Test
  void removesAnyTaskAndCountsWhatIsLeft() {
    queue.addAll(List.of("b1", "i1", "n1", "b2"));
    assertThat(queue.remove("n1")).isTrue();
    assertThat(queue.removeIf(t -> t.equals("b1"))).isTrue();
    assertThat(queue.contains("b2")).isTrue();
    assertThat(queue).hasSize(2).containsExactly("i1", "b2");
    assertThat(drain()).containsExactly("i1", "b2");
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.peek()).isNull();
  }
}
