package dev.mesh.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.seal.Opening.Opened;
import dev.mesh.protocol.seal.Opening.Reason;
import dev.mesh.protocol.seal.Opening.Refused;
import dev.mesh.protocol.seal.Sealing.Freshness;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyedSealingTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private final MeshKey key = MeshKey.generate();

  private KeyedSealing node(String name, MeshKey k, Clock clock) {
    return new KeyedSealing(k, Optional.empty(), NOW, name, Duration.ofMinutes(5), clock);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void opensWhatAnotherNodeWithTheKeySealedAndNamesItsSender() {
    byte[] sealed = node("pi", key, CLOCK).seal("mesh.adverts", bytes("{\"prompt\":\"secret plans\"}"));
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret plans");
    Opening opened = node("mac", key, CLOCK).open("mesh.adverts", sealed, Freshness.MESSAGE);
    assertThat(opened).isInstanceOf(Opened.class);
    assertThat(((Opened) opened).text()).isEqualTo("{\"prompt\":\"secret plans\"}");
    assertThat(((Opened) opened).sender()).isEqualTo("pi");
  }

  @Test
  void refusesPlainBytesAChangedByteAnotherAddressAndAnotherKey() {
    KeyedSealing reader = node("mac", key, CLOCK);
    assertThat(reason(reader.open("a", bytes("{\"name\":\"rogue\"}"), Freshness.MESSAGE))).isEqualTo(Reason.NOT_SEALED);
    byte[] sealed = node("pi", key, CLOCK).seal("a", bytes("hello"));
    byte[] changed = sealed.clone();
    changed[changed.length - 20] ^= 1;
    assertThat(reason(reader.open("a", changed, Freshness.MESSAGE))).isEqualTo(Reason.FORGED);
    assertThat(reason(reader.open("b", sealed, Freshness.MESSAGE))).isEqualTo(Reason.FORGED);
    byte[] foreign = node("rogue", MeshKey.generate(), CLOCK).seal("a", bytes("hello"));
    assertThat(reason(reader.open("a", foreign, Freshness.MESSAGE))).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(((Refused) reader.open("a", foreign, Freshness.MESSAGE)).detail()).doesNotContain(key.id());
  }

  @Test
  void aMessageIsNewToAReceiverOnceButAStoredValueOpensAgainAndAgain() {
    KeyedSealing pi = node("pi", key, CLOCK);
    KeyedSealing reader = node("mac", key, CLOCK);
    ReplayWindow seen = new ReplayWindow();
    Opened message = (Opened) reader.open("hop", pi.seal("hop", bytes("task")), Freshness.MESSAGE);
    assertThat(seen.firstSight(message.sender(), message.boot(), message.sequence())).isTrue();
    Opened again = (Opened) reader.open("hop", pi.seal("hop", bytes("task")), Freshness.MESSAGE);
    assertThat(again.sequence()).isNotEqualTo(message.sequence());
    assertThat(seen.firstSight(message.sender(), message.boot(), message.sequence())).as("a replay").isFalse();
    assertThat(new ReplayWindow().firstSight(message.sender(), message.boot(), message.sequence()))
        .as("new to another receiver").isTrue();
    String stored = pi.sealText("mesh.tasks/t1", "{\"state\":\"queued\"}");
    assertThat(reader.openText("mesh.tasks/t1", stored)).isInstanceOf(Opened.class);
    assertThat(reader.openText("mesh.tasks/t1", stored)).isInstanceOf(Opened.class);
    assertThat(reason(reader.openText("mesh.tasks/t2", stored))).isEqualTo(Reason.FORGED);
    assertThat(reason(reader.openText("mesh.tasks/t1", "{\"state\":\"succeeded\"}"))).isEqualTo(Reason.NOT_SEALED);
  }

  @Test
  void refusesAMessageSealedOutsideTheWindowButNotAStoredValue() {
    Clock past = Clock.fixed(NOW.minus(Duration.ofMinutes(6)), ZoneOffset.UTC);
    KeyedSealing late = node("pi", key, past);
    KeyedSealing reader = node("mac", key, CLOCK);
    assertThat(reason(reader.open("a", late.seal("a", bytes("x")), Freshness.MESSAGE))).isEqualTo(Reason.STALE);
    assertThat(reader.open("a", late.seal("a", bytes("x")), Freshness.STORED)).isInstanceOf(Opened.class);
  }

  @Test
  void messagesOutOfOrderWithinTheWindowAreNewOnceEachAndOnesTooFarBehindAreNot() {
    ReplayWindow seen = new ReplayWindow();
    assertThat(seen.firstSight("pi", 7, 2)).isTrue();
    assertThat(seen.firstSight("pi", 7, 1)).isTrue();
    assertThat(seen.firstSight("pi", 7, 1)).isFalse();
    assertThat(seen.firstSight("pi", 8, 1)).as("another boot").isTrue();
    long tooLate = 3;
    assertThat(seen.firstSight("pi", 7, 3 + ReplayWindow.WINDOW + 5)).isTrue();
    assertThat(seen.firstSight("pi", 7, tooLate)).isFalse();
    assertThat(seen.firstSight("pi", 7, 3 + ReplayWindow.WINDOW + 4)).isTrue();
  }

  @Test
  void thePreviousKeyOpensUntilItsTimeIsUpAndNeverSeals() {
    MeshKey old = MeshKey.generate();
    byte[] sealedWithOld = node("pi", old, CLOCK).seal("a", bytes("x"));
    KeyedSealing rotating = new KeyedSealing(key, Optional.of(old), NOW.plusSeconds(60), "mac", Duration.ofMinutes(5),
        CLOCK);
    assertThat(rotating.open("a", sealedWithOld, Freshness.STORED)).isInstanceOf(Opened.class);
    assertThat(node("other", key, CLOCK).open("a", rotating.seal("a", bytes("y")), Freshness.STORED))
        .isInstanceOf(Opened.class);
    KeyedSealing expired = new KeyedSealing(key, Optional.of(old), NOW.minusSeconds(1), "mac", Duration.ofMinutes(5),
        CLOCK);
    assertThat(reason(expired.open("a", sealedWithOld, Freshness.STORED))).isEqualTo(Reason.UNKNOWN_KEY);
  }

  @Test
  void aHiddenMapKeyIsStablePerMapAndKeyAndRevealsNeither() {
    KeyedSealing a = node("pi", key, CLOCK);
    KeyedSealing b = node("mac", key, CLOCK);
    assertThat(a.hideKey("mesh.keys", "invoice-42")).isEqualTo(b.hideKey("mesh.keys", "invoice-42"))
        .doesNotContain("invoice").isNotEqualTo(a.hideKey("mesh.jobs", "invoice-42"));
    assertThat(node("rogue", MeshKey.generate(), CLOCK).hideKey("mesh.keys", "invoice-42"))
        .isNotEqualTo(a.hideKey("mesh.keys", "invoice-42"));
  }

  private static Reason reason(Opening opening) {
    assertThat(opening).isInstanceOf(Refused.class);
    return ((Refused) opening).reason();
  }
}
