package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void acceptUsesDefaultTimeoutOfTenMinutesWhenRequestNamesNone() {
    Task t = Task.accept(TaskRequest.generate("x"), "t1", "pi", NOW);
    assertThat(t.deadline()).isEqualTo(NOW.plusSeconds(600));
    assertThat(t.acceptedAt()).isEqualTo(NOW);
    assertThat(t.origin()).isEqualTo("pi");
  }

  @Test
  void acceptUsesTimeoutSecondsFromNow() {
    Task t = Task.accept(TaskRequest.generate("x").withDeadline(null, 30), "t1", "pi", NOW);
    assertThat(t.deadline()).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void acceptUsesExplicitDeadline() {
    Instant deadline = NOW.plusSeconds(3600);
    Task t = Task.accept(TaskRequest.generate("x").withDeadline(deadline, null), "t1", "pi", NOW);
    assertThat(t.deadline()).isEqualTo(deadline);
  }

  @Test
  void acceptTakesTheEarlierOfDeadlineAndTimeout() {
    Instant late = NOW.plusSeconds(3600);
    assertThat(Task.accept(TaskRequest.generate("x").withDeadline(late, 60), "t", "pi", NOW).deadline())
        .isEqualTo(NOW.plusSeconds(60));
    Instant early = NOW.plusSeconds(10);
    assertThat(Task.accept(TaskRequest.generate("x").withDeadline(early, 60), "t", "pi", NOW).deadline())
        .isEqualTo(early);
  }

  @Test
  void acceptRefusesBlankIdAndOriginNamingTheParameter() {
    assertThatThrownBy(() -> Task.accept(TaskRequest.generate("x"), " ", "pi", NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("id must not be blank");
    assertThatThrownBy(() -> Task.accept(TaskRequest.generate("x"), "t1", null, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("origin must not be blank");
    assertThatThrownBy(() -> Task.accept(null, "t1", "pi", NOW))
        .isInstanceOf(NullPointerException.class).hasMessage("request must not be null");
  }

  @Test
  void isPastDeadlineFromTheDeadlineInstantOn() {
    Task t = Task.accept(TaskRequest.generate("x").withDeadline(null, 10), "t1", "pi", NOW);
    assertThat(t.pastDeadline(NOW.plusSeconds(9))).isFalse();
    assertThat(t.pastDeadline(NOW.plusSeconds(10))).isTrue();
  }
}
