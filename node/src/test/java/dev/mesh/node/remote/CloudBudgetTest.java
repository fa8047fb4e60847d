package dev.mesh.node.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.TestAdverts;
import dev.mesh.protocol.advert.CloudSpend;
import dev.mesh.protocol.advert.NodeAdvert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh's daily cloud budget: own spending kept across restarts, others' from their adverts, per UTC day. */
class CloudBudgetTest {
  private static final Instant DAY1 = Instant.parse("2026-11-30T23:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-12-01T00:30:00Z");

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  private static NodeAdvert other(String name, CloudSpend spend) {
    NodeAdvert a = TestAdverts.withoutEngine(name);
    return new NodeAdvert(a.schema(), a.id(), a.name(), a.host(), a.version(), a.startedAt(), a.platform(), a.memory(),
        a.models(), a.engine(), a.load(), a.power(), a.state(), a.stateReason(), a.transports(), a.sequence(),
        a.timestamp(), spend);
  }

  @Test
  void ownSpendingSurvivesARestartOnTheSameDayAndStartsAfreshTheNext(@TempDir Path dir) {
    CloudBudget budget = new CloudBudget(1000, 0, dir, at(DAY1));
    budget.spent(600, 0.01);
    budget.spent(300, 0.02);
    assertThat(budget.today()).isEqualTo(new CloudSpend("2026-11-30", 900, 0.03));
    assertThat(new CloudBudget(1000, 0, dir, at(DAY1)).today().tokens()).isEqualTo(900);
    assertThat(new CloudBudget(1000, 0, dir, at(DAY2)).today()).isEqualTo(CloudSpend.none("2026-12-01"));
  }

  @Test
  void theMeshsSpendingIsOwnPlusOthersOfTheSameDay(@TempDir Path dir) {
    CloudBudget budget = new CloudBudget(1000, 0, dir, at(DAY1));
    budget.spent(600, 0);
    NodeAdvert sameDay = other("pi", new CloudSpend("2026-11-30", 400, 0));
    NodeAdvert yesterday = other("imac", new CloudSpend("2026-11-29", 5000, 0));
    NodeAdvert silent = other("attic", null);
    assertThat(budget.exhausted("me", List.of(yesterday, silent))).isFalse();
    assertThat(budget.exhausted("me", List.of(sameDay, yesterday, silent))).isTrue();
    // its own advert in the list is not counted twice
    NodeAdvert self = other("me", budget.today());
    assertThat(budget.exhausted(self.id(), List.of(self))).isFalse();
  }

  @Test
  void aCostLimitCountsToo(@TempDir Path dir) {
    CloudBudget budget = new CloudBudget(0, 0.05, dir, at(DAY1));
    budget.spent(10, 0.04);
    assertThat(budget.exhausted("me", List.of())).isFalse();
    budget.spent(10, 0.01);
    assertThat(budget.exhausted("me", List.of())).isTrue();
  }

  @Test
  void noLimitIsNeverExhaustedAndAnUnreadableFileStartsFromZero(@TempDir Path dir) throws Exception {
    CloudBudget none = new CloudBudget(0, 0, dir, at(DAY1));
    none.spent(1_000_000, 100);
    assertThat(none.exhausted("me", List.of())).isFalse();
    Files.writeString(dir.resolve(CloudBudget.FILE), "{not json");
    assertThat(new CloudBudget(10, 0, dir, at(DAY1)).today().tokens()).isZero();
  }
}
