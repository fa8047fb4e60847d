package dev.mesh.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskIdsTest {
  @Test
  void generatesDistinctIdsThatItsOwnCheckAccepts() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = TaskIds.next(Instant.now());
      assertThat(TaskIds.valid(id)).as(id).isTrue();
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void refusesAnythingThatCouldEscapeTheJournalFolder() {
    assertThat(TaskIds.valid("../../etc/passwd")).isFalse();
    assertThat(TaskIds.valid("t-abc/def")).isFalse();
    assertThat(TaskIds.valid("")).isFalse();
    assertThat(TaskIds.valid(null)).isFalse();
  }
}
