package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.inference.RamAdmission.Kind;
import dev.mesh.node.inference.RamAdmission.Model;
import dev.mesh.node.inference.RamAdmission.Plan;
import dev.mesh.node.inference.RamAdmission.Room;
import java.util.List;
import org.junit.jupiter.api.Test;

class RamAdmissionTest {
  private static final long MIB = 1024 * 1024;
  private static final Room BIG = new Room(16_000 * MIB, 12_000 * MIB, 512 * MIB, 0);

  private static Model unloaded(String id, long needMib) {
    return new Model(id, needMib * MIB, 0, false, false, 0);
  }

  private static Model loaded(String id, long needMib, long rssMib, boolean idle, long lastUsed) {
    return new Model(id, needMib * MIB, rssMib * MIB, true, idle, lastUsed);
  }

  @Test
  void loadsWhatFitsInAvailableRamMinusTheReserve() {
    Model target = unloaded("qwen-3b", 2_400);
    assertThat(RamAdmission.plan(target, List.of(target), BIG).kind()).isEqualTo(Kind.LOAD);
    Room tight = new Room(4_000 * MIB, 2_500 * MIB, 512 * MIB, 0);
    Plan waits = RamAdmission.plan(target, List.of(target), tight);
    assertThat(waits.kind()).isEqualTo(Kind.WAIT);
  }

  @Test
  void aModelThatCanNeverFitIsRefusedWithTheNumbers() {
    Model target = unloaded("llama-8b", 6_000);
    Plan never = RamAdmission.plan(target, List.of(target), new Room(4_096 * MIB, 3_000 * MIB, 512 * MIB, 0));
    assertThat(never.kind()).isEqualTo(Kind.NEVER);
    assertThat(never.why()).contains("needs 6000 MiB").contains("3584 MiB").contains("memory.reserveMb");
    Plan overLimit = RamAdmission.plan(target, List.of(target), new Room(64_000 * MIB, 60_000 * MIB, 512 * MIB,
        2_048 * MIB));
    assertThat(overLimit.why()).contains("2048 MiB").contains("memory.limitMb");
  }

  @Test
  void idleModelsAreUnloadedLeastRecentlyUsedFirstToMakeRoomWithinTheLimit() {
    Model a = loaded("a", 900, 800, true, 10);
    Model b = loaded("b", 900, 850, true, 5);
    Model c = unloaded("c", 900);
    Room limit = new Room(16_000 * MIB, 12_000 * MIB, 512 * MIB, 2_000 * MIB);
    Plan plan = RamAdmission.plan(c, List.of(a, b, c), limit);
    assertThat(plan.kind()).isEqualTo(Kind.LOAD);
    assertThat(plan.unload()).containsExactly("b"); // b was used longest ago; one is enough
  }

  @Test
  void aBusyModelIsNeverGivenUpTheTargetWaits() {
    Model busy = loaded("a", 900, 800, false, 1);
    Model target = unloaded("c", 900);
    Plan plan = RamAdmission.plan(target, List.of(busy, target), new Room(16_000 * MIB, 12_000 * MIB, 0,
        1_000 * MIB));
    assertThat(plan.kind()).isEqualTo(Kind.WAIT);
    assertThat(plan.unload()).isEmpty();
  }

  /** A model still loading holds less than it will: what it is owed is not free. */
  @Test
  void aLoadingModelIsCountedAtItsNeedNotItsRssSoFar() {
    Model starting = loaded("a", 1_500, 100, false, 1);
    Model target = unloaded("c", 1_500);
    Room room = new Room(4_000 * MIB, 3_400 * MIB, 512 * MIB, 0);
    assertThat(RamAdmission.plan(target, List.of(starting, target), room).kind()).isEqualTo(Kind.WAIT);
  }
}
