package dev.mesh.node.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.remote.RemoteFailure.Kind;
import dev.mesh.protocol.advert.Circuit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BreakerTest {
  private static final Duration BASE = Duration.ofSeconds(5);
  private static final Duration MAX = Duration.ofSeconds(30);
  private static final RemoteFailure HTTP_503 = new RemoteFailure(Kind.SERVER_ERROR, "cloud answered HTTP 503", 503, null);
  private final MutableClock clock = new MutableClock();
  private final Breaker breaker = new Breaker(clock, BASE, MAX);

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-21T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static RemoteFailure rateLimited(long retryAfterSeconds) {
    return new RemoteFailure(Kind.RATE_LIMITED, "cloud answered HTTP 429", 429, Duration.ofSeconds(retryAfterSeconds));
  }

  /** Open, then past its cooldown, then a probe that answers: on trial. */
  private void putOnTrial() {
    clock.advance(Duration.between(clock.instant(), breaker.openUntil()));
    assertThat(breaker.probeDue()).isTrue();
    breaker.probeSucceeded();
  }

  @Test
  void opensOnAFailureForTheBaseCooldown() {
    assertThat(breaker.state()).isEqualTo(Circuit.CLOSED);

    breaker.failed(HTTP_503);

    assertThat(breaker.state()).isEqualTo(Circuit.OPEN);
    assertThat(breaker.openUntil()).isEqualTo(clock.instant().plus(BASE));
  }

  @Test
  void staysOpenWithNoProbeDueUntilTheCooldownHasPassed() {
    breaker.failed(HTTP_503);

    clock.advance(BASE.minusMillis(1));
    assertThat(breaker.probeDue()).isFalse();
    assertThat(breaker.state()).isEqualTo(Circuit.OPEN);
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.probeDue()).isTrue();
  }

  @Test
  void aRetryAfterLongerThanTheCooldownIsHonoured() {
    breaker.failed(rateLimited(7));

    clock.advance(BASE);
    assertThat(breaker.probeDue()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(breaker.probeDue()).isTrue();
  }

  @Test
  void aRetryAfterShorterThanTheCooldownDoesNotShortenIt() {
    Instant failedAt = clock.instant();

    breaker.failed(rateLimited(2));

    assertThat(breaker.openUntil()).isEqualTo(failedAt.plus(BASE));
  }

  @Test
  void aProbeThatAnswersPutsItOnTrial() {
    breaker.failed(HTTP_503);

    putOnTrial();

    assertThat(breaker.state()).isEqualTo(Circuit.HALF_OPEN);
    assertThat(breaker.openUntil()).isNull();
  }

  @Test
  void aProbeAnswerDoesNotHalfOpenAClosedCircuit() {
    breaker.probeSucceeded();

    assertThat(breaker.state()).isEqualTo(Circuit.CLOSED);
  }

  @Test
  void aSuccessClosesItAndTheCooldownIsBackToTheBase() {
    breaker.failed(HTTP_503);
    clock.advance(BASE);
    breaker.probeFailed(HTTP_503); // 10 s now
    putOnTrial();

    breaker.succeeded();

    assertThat(breaker.state()).isEqualTo(Circuit.CLOSED);
    assertThat(breaker.openUntil()).isNull();
    breaker.failed(HTTP_503);
    assertThat(breaker.openUntil()).isEqualTo(clock.instant().plus(BASE));
  }

  @Test
  void aFailureOnTrialOpensItForTwiceTheCooldown() {
    breaker.failed(HTTP_503);
    putOnTrial();

    breaker.failed(HTTP_503);

    assertThat(breaker.state()).isEqualTo(Circuit.OPEN);
    assertThat(breaker.openUntil()).isEqualTo(clock.instant().plus(BASE.multipliedBy(2)));
  }

  @Test
  void aFailedProbeOpensItForTwiceTheCooldown() {
    breaker.failed(HTTP_503);
    clock.advance(BASE);

    breaker.probeFailed(HTTP_503);

    assertThat(breaker.openUntil()).isEqualTo(clock.instant().plus(BASE.multipliedBy(2)));
  }

  @Test
  void doublingStopsAtTheMax() {
    breaker.failed(HTTP_503);
    for (long expected : new long[] {10, 20, 30, 30}) {
      clock.advance(Duration.between(clock.instant(), breaker.openUntil()));
      breaker.probeFailed(HTTP_503);
      assertThat(Duration.between(clock.instant(), breaker.openUntil())).isEqualTo(Duration.ofSeconds(expected));
    }
  }

  /** Four calls in flight when the remote drops all fail together: one outage, not four doublings (5 s, not 40 s). */
  @Test
  void callsAlreadyUnderwayThatFailWhileOpenDoNotDoubleTheCooldown() {
    Instant failedAt = clock.instant();
    breaker.failed(HTTP_503);

    for (int i = 0; i < 3; i++) {
      breaker.failed(HTTP_503);
    }

    assertThat(breaker.openUntil()).isEqualTo(failedAt.plus(BASE));
    assertThat(breaker.opens()).as("one outage, opened once").isEqualTo(1);
    putOnTrial();
    breaker.failed(HTTP_503);
    assertThat(Duration.between(clock.instant(), breaker.openUntil())).isEqualTo(BASE.multipliedBy(2));
    assertThat(breaker.opens()).as("a failed trial opens it again").isEqualTo(2);
  }

  @Test
  void aCallUnderwayThatFailsWhileOpenDoesNotCutARetryAfterShort() {
    Instant failedAt = clock.instant();
    breaker.failed(rateLimited(20));

    clock.advance(Duration.ofSeconds(1));
    breaker.failed(HTTP_503);

    assertThat(breaker.openUntil()).isEqualTo(failedAt.plusSeconds(20));
  }

  @Test
  void outageDescribesTheFailureWhileNotClosedAndIsNullOnceClosed() {
    assertThat(breaker.outage()).isNull();

    breaker.failed(HTTP_503);
    assertThat(breaker.outage()).isEqualTo("HTTP 503");
    breaker.failed(rateLimited(7));
    assertThat(breaker.outage()).isEqualTo("HTTP 429, retry after 7 s");
    breaker.failed(new RemoteFailure(Kind.TIMEOUT, "cloud: no answer within 300 ms"));
    assertThat(breaker.outage()).isEqualTo("timeout");
    putOnTrial();
    assertThat(breaker.outage()).as("on trial it is still out").isEqualTo("timeout");

    breaker.succeeded();
    assertThat(breaker.outage()).isNull();
  }
}
