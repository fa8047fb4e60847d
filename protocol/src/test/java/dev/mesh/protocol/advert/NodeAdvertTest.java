package dev.mesh.protocol.advert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.json.Samples;
import dev.mesh.protocol.task.TaskKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeAdvertTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static NodeAdvert sample() {
    return Samples.nodeAdvert();
  }

  @Test
  void everyWitherBumpsSequenceAndTimestamp() {
    NodeAdvert a = sample();
    Instant t1 = T0.plusSeconds(1);
    assertThat(a.withLoad(new Load(1, 0, 2, 0), t1)).satisfies(n -> {
      assertThat(n.sequence()).isEqualTo(a.sequence() + 1);
      assertThat(n.timestamp()).isEqualTo(t1);
      assertThat(n.load().running()).isEqualTo(1);
    });
    assertThat(a.withState(NodeState.DRAINING, "shutting down", t1).stateReason()).isEqualTo("shutting down");
    assertThat(a.withModels(List.of(), t1).models()).isEmpty();
    assertThat(a.withMemory(new Memory(1, 1, 0), t1).sequence()).isEqualTo(a.sequence() + 1);
  }

  @Test
  void absentSchemaReadsAsCurrentVersion() {
    NodeAdvert a = sample();
    NodeAdvert noSchema = new NodeAdvert(0, a.id(), a.name(), a.host(), a.version(), a.startedAt(), a.platform(),
        a.memory(), a.models(), a.engine(), a.load(), a.power(), a.state(), a.stateReason(), a.transports(),
        a.sequence(), a.timestamp());
    assertThat(noSchema.schema()).isEqualTo(1);
  }

  @Test
  void refusesBlankId() {
    NodeAdvert a = sample();
    assertThatThrownBy(() -> new NodeAdvert(1, "", null, null, null, null, null, null, null, null, null, null,
        NodeState.UP, null, null, 0, T0)).hasMessage("id must not be blank");
    assertThat(a.up()).isTrue();
  }

  @Test
  void usableMemoryIsAvailableMinusReserveNeverNegative() {
    assertThat(new Memory(100, 60, 20).usableBytes()).isEqualTo(40);
    assertThat(new Memory(100, 10, 20).usableBytes()).isZero();
  }

  @Test
  void modelServesOnlyItsKindsAndPlatformMatchesFeaturesIgnoringCase() {
    NodeAdvert a = sample();
    assertThat(a.models().get(0).serves(TaskKind.CHAT)).isTrue();
    assertThat(a.models().get(0).serves(TaskKind.EMBED)).isFalse();
    assertThat(a.platform().hasFeature("NEON")).isTrue();
    assertThat(a.platform().hasFeature("avx2")).isFalse();
  }

  @Test
  void freeSlotsNeverNegative() {
    assertThat(new Load(3, 0, 2, 0).freeSlots()).isZero();
    assertThat(Load.idle(2).freeSlots()).isEqualTo(2);
  }
}
