package dev.mesh.node.remote;

import dev.mesh.protocol.advert.Circuit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One remote's circuit breaker. A failure that says the remote is out opens it at once (a household remote either
 * answers or it doesn't, and every task sent meanwhile would wait for its own failure) for a cooldown — the
 * remote's Retry-After when it gave one. Past the cooldown a probe (a free call) decides: answered, it goes half
 * open and one task at a time tries it; the first success closes it. A failed probe or trial opens it again for
 * twice as long, up to a cap.
 */
public final class Breaker {
  private final Clock clock;
  private final Duration baseCooldown;
  private final Duration maxCooldown;
  private Circuit state = Circuit.CLOSED;
  private Duration cooldown;
  private Instant openUntil;
  private String outage;
  private long opens;

  public Breaker(Clock clock, Duration baseCooldown, Duration maxCooldown) {
    this.clock = clock;
    this.baseCooldown = baseCooldown;
    this.maxCooldown = maxCooldown;
    this.cooldown = baseCooldown;
  }

  public synchronized Circuit state() {
    return state;
  }

  /** While open: when it is probed again; else null. */
  public synchronized Instant openUntil() {
    return state == Circuit.OPEN ? openUntil : null;
  }

  /** While not closed: why it opened (e.g. {@code HTTP 503}); else null. */
  public synchronized String outage() {
    return state == Circuit.CLOSED ? null : outage;
  }

  public synchronized void succeeded() {
    state = Circuit.CLOSED;
    cooldown = baseCooldown;
    outage = null;
  }

  /**
   * A call failed saying the remote is out. While open, it is a call sent before it opened (open, it gets none),
   * failing in the same outage: it neither doubles the cooldown nor ends it sooner.
   */
  public synchronized void failed(RemoteFailure failure) {
    if (state == Circuit.HALF_OPEN) {
      cooldown = min(cooldown.multipliedBy(2), maxCooldown); // it failed its trial
    }
    Instant until = openUntil();
    open(failure);
    if (until != null && until.isAfter(openUntil)) {
      openUntil = until;
    }
  }

  /** Whether its cooldown has passed: time for a probe. */
  public synchronized boolean probeDue() {
    return state == Circuit.OPEN && !clock.instant().isBefore(openUntil);
  }

  /** A probe answered: one task at a time may try it. */
  public synchronized void probeSucceeded() {
    if (state == Circuit.OPEN) {
      state = Circuit.HALF_OPEN;
    }
  }

  public synchronized void probeFailed(RemoteFailure failure) {
    cooldown = min(cooldown.multipliedBy(2), maxCooldown);
    open(failure);
  }

  /** How often it opened: from closed, or from half open after a failed trial. */
  public synchronized long opens() {
    return opens;
  }

  private void open(RemoteFailure failure) {
    if (state != Circuit.OPEN) {
      opens++; // a call of the same outage failing late, or a failed probe, does not open it anew
    }
    state = Circuit.OPEN;
    Duration wait = failure.retryAfter().filter(r -> r.compareTo(cooldown) > 0).orElse(cooldown);
    openUntil = clock.instant().plus(wait);
    outage = describe(failure);
  }

  /** Short words for the advert and a degraded result: {@code HTTP 503}, {@code timeout}, {@code unreachable}. */
  static String describe(RemoteFailure f) {
    String kind = f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    String status = f.status().map(s -> "HTTP " + s).orElse(null);
    String retry = f.retryAfter().map(d -> ", retry after " + d.toSeconds() + " s").orElse("");
    return (status == null ? kind : status) + retry;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
